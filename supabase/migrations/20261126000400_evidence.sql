-- What the worker found for each item: screenshots, OCR, field matches and the labels rendered.
-- Each is unique per item and key, so a resumed job upserts instead of duplicating.

create type public.screenshot_kind as enum ('viewport', 'full_page', 'region');
create type public.ocr_status as enum ('started', 'completed', 'failed');
create type public.match_verdict as enum ('match', 'mismatch', 'missing');
create type public.match_source as enum ('dom', 'jsonld', 'microdata', 'meta', 'ocr');

create table public.screenshots (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null,
  job_id uuid not null,
  job_item_id uuid not null,
  name text not null check (length(name) between 1 and 100),
  kind public.screenshot_kind not null,
  path text,
  public_url text,
  width integer check (width > 0),
  height integer check (height > 0),
  bytes integer check (bytes >= 0),
  region jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (id, workspace_id),
  unique (job_item_id, name),
  foreign key (job_id, workspace_id) references public.jobs (id, workspace_id) on delete cascade,
  foreign key (job_item_id, workspace_id) references public.job_items (id, workspace_id) on delete cascade
);
create index screenshots_job_idx on public.screenshots (job_id, created_at);
comment on table public.screenshots is 'Captures of a product page: viewport, full page, and crops of price/name regions.';
comment on column public.screenshots.name is 'Stable key within the item, e.g. viewport, full, price-0.';
comment on column public.screenshots.path is 'Object path in the screenshots bucket, set once uploaded.';
comment on column public.screenshots.public_url is 'URL to show it; set when the upload finishes.';
comment on column public.screenshots.region is 'For crops: {x, y, width, height} in page pixels.';

create table public.ocr_results (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null,
  job_id uuid not null,
  screenshot_id uuid not null,
  status public.ocr_status not null default 'started',
  text text,
  confidence real check (confidence between 0 and 100),
  words jsonb,
  error text,
  duration_ms integer check (duration_ms >= 0),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (screenshot_id),
  foreign key (job_id, workspace_id) references public.jobs (id, workspace_id) on delete cascade,
  foreign key (screenshot_id, workspace_id) references public.screenshots (id, workspace_id) on delete cascade
);
create index ocr_results_job_idx on public.ocr_results (job_id, created_at);
comment on table public.ocr_results is 'Text read from a screenshot: started, then completed (text, words) or failed (error).';
comment on column public.ocr_results.confidence is 'Tesseract''s mean confidence, 0-100.';
comment on column public.ocr_results.words is 'Word boxes: [{text, confidence, x0, y0, x1, y1}].';

create table public.matches (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null,
  job_id uuid not null,
  job_item_id uuid not null,
  field text not null check (field in ('name', 'price', 'currency', 'sku', 'gtin', 'availability')),
  expected text,
  found text,
  score real check (score between 0 and 1),
  verdict public.match_verdict not null,
  source public.match_source,
  evidence jsonb not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (job_item_id, field),
  foreign key (job_id, workspace_id) references public.jobs (id, workspace_id) on delete cascade,
  foreign key (job_item_id, workspace_id) references public.job_items (id, workspace_id) on delete cascade
);
create index matches_job_verdict_idx on public.matches (job_id, verdict);
comment on table public.matches is 'Spreadsheet value vs what the page shows, per field, with the verdict and its evidence.';
comment on column public.matches.score is 'Similarity 0-1 (1 = identical).';
comment on column public.matches.source is 'Where the found value came from: dom, jsonld, microdata, meta or ocr.';
comment on column public.matches.evidence is 'Proof: screenshot id, OCR box, selector or JSON-LD path.';

create table public.labels (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null,
  job_id uuid not null,
  job_item_id uuid not null,
  product_id uuid,
  template_id uuid,
  png_path text,
  pdf_path text,
  data jsonb not null default '{}',
  verified boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (job_item_id, template_id),
  foreign key (job_id, workspace_id) references public.jobs (id, workspace_id) on delete cascade,
  foreign key (job_item_id, workspace_id) references public.job_items (id, workspace_id) on delete cascade,
  foreign key (product_id, workspace_id) references public.products (id, workspace_id) on delete set null (product_id),
  foreign key (template_id, workspace_id) references public.templates (id, workspace_id) on delete set null (template_id)
);
create index labels_product_idx on public.labels (product_id) where product_id is not null;
create index labels_template_idx on public.labels (template_id) where template_id is not null;
create index labels_workspace_created_idx on public.labels (workspace_id, created_at desc);
create index labels_job_idx on public.labels (job_id);
comment on table public.labels is 'A rendered label for one product, with the data used and whether the page verified it.';
comment on column public.labels.data is 'The values printed (name, price, gtin...), as bound into the template.';
comment on column public.labels.verified is 'True when every checked field matched the page.';

call tagwright_internal.scope_to_workspace('public.screenshots');
call tagwright_internal.scope_to_workspace('public.ocr_results');
call tagwright_internal.scope_to_workspace('public.matches');
call tagwright_internal.scope_to_workspace('public.labels');

alter publication supabase_realtime add table public.screenshots, public.ocr_results, public.matches, public.labels;
