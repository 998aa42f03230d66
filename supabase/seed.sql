-- Demo data for a fresh local stack (and `supabase db reset`): one workspace with a starter template.
-- Users are made by `tagwright user add` / `npm start`, which joins them to this workspace.

insert into public.workspaces (id, name, created_by)
values ('00000000-0000-4000-8000-000000000001', 'Demo', null)
on conflict (id) do nothing;

insert into public.templates (workspace_id, name, width_mm, height_mm, dpi, stock, elements)
values (
  '00000000-0000-4000-8000-000000000001', 'Shelf price tag', 60, 40, 300, 'roll-60x40',
  '[{"type":"text","x":3,"y":3,"width":54,"height":12,"text":"{{name}}","fontSize":9,"fit":"shrink"},
    {"type":"text","x":3,"y":16,"width":54,"height":12,"text":"{{price}}","fontSize":20,"fontWeight":"bold"},
    {"type":"barcode","x":3,"y":29,"width":54,"height":9,"symbology":"ean13","value":"{{gtin}}"}]'
)
on conflict (workspace_id, name) do nothing;
