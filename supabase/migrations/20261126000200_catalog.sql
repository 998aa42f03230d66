-- The catalogue a job works from: imports of spreadsheets, the products they hold, label templates.

create type public.import_status as enum ('pending', 'running', 'succeeded', 'failed');

create table public.imports (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  file_name text not null,
  file_path text,
  sheet text,
  status public.import_status not null default 'pending',
  column_map jsonb not null default '{}',
  total_rows integer not null default 0 check (total_rows >= 0),
  imported_rows integer not null default 0 check (imported_rows >= 0),
  error_rows integer not null default 0 check (error_rows >= 0),
  errors jsonb not null default '[]' check (jsonb_typeof(errors) = 'array'),
  error text,
  created_by uuid references auth.users (id) on delete set null default auth.uid(),
  started_at timestamptz,
  finished_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (id, workspace_id)
);
create index imports_workspace_created_idx on public.imports (workspace_id, created_at desc);
comment on table public.imports is 'One spreadsheet upload and its progress; per-row problems are kept in errors.';
comment on column public.imports.file_path is 'Where the uploaded file is kept in storage, for re-import.';
comment on column public.imports.column_map is 'Product field -> spreadsheet column, e.g. {"sku":"A","price":"C"}.';
comment on column public.imports.errors is 'Per-row errors: [{row, column, message}].';
comment on column public.imports.error is 'Why the whole import failed, in words the user can act on.';

create table public.products (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  sku text not null check (length(btrim(sku)) between 1 and 100),
  name text not null default '',
  price numeric(14, 4) check (price >= 0),
  currency text check (currency ~ '^[A-Z]{3}$'),
  gtin text check (gtin ~ '^[0-9]{8,14}$'),
  url text check (url ~* '^https?://'),
  attributes jsonb not null default '{}' check (jsonb_typeof(attributes) = 'object'),
  import_id uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (workspace_id, sku),
  unique (id, workspace_id),
  -- composite keys keep every link inside one workspace
  foreign key (import_id, workspace_id) references public.imports (id, workspace_id) on delete set null (import_id)
);
create index products_workspace_updated_idx on public.products (workspace_id, updated_at desc);
create index products_import_idx on public.products (import_id) where import_id is not null;
create index products_gtin_idx on public.products (workspace_id, gtin) where gtin is not null;
comment on table public.products is 'Products as the spreadsheet says they are: what the web page is checked against.';
comment on column public.products.sku is 'Stock keeping unit, unique per workspace; imports upsert by it.';
comment on column public.products.price is 'Expected price (exact decimal).';
comment on column public.products.currency is 'ISO 4217 code, e.g. EUR.';
comment on column public.products.gtin is 'GTIN/EAN/UPC as text, leading zeros kept.';
comment on column public.products.url is 'The product page the worker opens.';
comment on column public.products.attributes is 'Other spreadsheet columns, usable in label templates.';

create table public.templates (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  name text not null check (length(btrim(name)) between 1 and 100),
  width_mm numeric(7, 2) not null check (width_mm > 0 and width_mm <= 1000),
  height_mm numeric(7, 2) not null check (height_mm > 0 and height_mm <= 1000),
  dpi integer not null default 300 check (dpi between 72 and 1200),
  stock text,
  elements jsonb not null default '[]' check (jsonb_typeof(elements) = 'array'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (workspace_id, name),
  unique (id, workspace_id)
);
comment on table public.templates is 'Label designs: physical size, resolution, stock and elements (schema in shared/).';
comment on column public.templates.stock is 'Stock preset, e.g. avery-l7160 or roll-62x29.';
comment on column public.templates.elements is 'Text, barcode, image, box and line elements; validated by the shared zod schema.';

call tagwright_internal.scope_to_workspace('public.imports');
call tagwright_internal.scope_to_workspace('public.products');
call tagwright_internal.scope_to_workspace('public.templates');

alter publication supabase_realtime add table public.imports;
