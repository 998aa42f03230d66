-- What rendering needs beyond the first cut: a template's locale and background, each label's ZPL
-- and the fields it could not verify, and the files made for a whole job (combined PDF, sheet, ZPL).

alter table public.templates
  add column locale text not null default 'en-GB' check (locale ~ '^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$'),
  add column background text not null default '#ffffff' check (background ~ '^#[0-9a-fA-F]{6}$');
comment on column public.templates.locale is 'Locale of {{price}} and {{…:date}} on the label, e.g. de-DE.';
comment on column public.templates.background is 'Label background colour (#rrggbb).';

alter table public.labels
  add column zpl_path text,
  add column png_url text,
  add column pdf_url text,
  add column zpl_url text,
  add column unverified text[] not null default '{}';
comment on column public.labels.png_url is 'URL the label PNG is served from (Supabase Storage or ImageKit); *_path is the storage key.';
comment on column public.labels.zpl_path is 'Object path of the label as ZPL (thermal printers), when the job asked for zpl.';
comment on column public.labels.unverified is 'Checked fields the page did not confirm (empty when verified).';

alter table public.jobs
  add column outputs jsonb not null default '{}' check (jsonb_typeof(outputs) = 'object');
comment on column public.jobs.outputs is 'Files made for the whole job: {labels_pdf, sheet_pdf, zpl} each {path, url, pages?, labels}.';

-- A 10,000-label sheet PDF is larger than one label.
update storage.buckets set file_size_limit = 500 * 1024 * 1024 where id = 'labels';

comment on column public.ocr_results.words is 'Words read: [{text, confidence, box: {x, y, width, height}}] in the OCR''d image''s pixels.';
