-- Buckets for the pipeline's evidence and output, and who may write them. Works the same on hosted
-- Supabase Storage and on the local stack (whose storage server applies these policies as the caller).
-- Object names start with the workspace id: <workspace_id>/<job_id>/<file>.

insert into storage.buckets (id, name, public, file_size_limit, allowed_mime_types)
values
  ('screenshots', 'screenshots', true, 20 * 1024 * 1024, array['image/png', 'image/jpeg', 'image/webp']),
  ('labels', 'labels', true, 50 * 1024 * 1024, array['image/png', 'application/pdf', 'application/zip', 'application/x-zpl', 'text/plain'])
on conflict (id) do nothing;

-- The workspace an object name belongs to, or null when its first folder is not a workspace id.
create function public.storage_object_workspace(object_name text) returns uuid
language plpgsql immutable set search_path = '' as $$
begin
  return split_part(object_name, '/', 1)::uuid;
exception when invalid_text_representation then
  return null;
end
$$;
comment on function public.storage_object_workspace(text) is
  'Workspace id from an object name <workspace_id>/…; null when the first folder is not one.';

create policy "members read their workspace's evidence and labels" on storage.objects
  for select to authenticated
  using (bucket_id in ('screenshots', 'labels') and public.can_read_workspace(public.storage_object_workspace(name)));

create policy "editors add evidence and labels to their workspace" on storage.objects
  for insert to authenticated
  with check (bucket_id in ('screenshots', 'labels') and public.can_write_workspace(public.storage_object_workspace(name)));

create policy "editors replace evidence and labels of their workspace" on storage.objects
  for update to authenticated
  using (bucket_id in ('screenshots', 'labels') and public.can_write_workspace(public.storage_object_workspace(name)))
  with check (bucket_id in ('screenshots', 'labels') and public.can_write_workspace(public.storage_object_workspace(name)));

create policy "editors remove evidence and labels of their workspace" on storage.objects
  for delete to authenticated
  using (bucket_id in ('screenshots', 'labels') and public.can_write_workspace(public.storage_object_workspace(name)));
