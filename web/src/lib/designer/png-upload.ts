/** Reads a chosen file as a PNG data: URI for an image element, refusing anything that isn't a PNG. */

export const MAX_IMAGE_BYTES = 1_400_000; // the schema allows 2,000,000 characters of base64

export async function pngDataUri(file: File): Promise<{ src: string } | { error: string }> {
  if (file.type !== 'image/png' && !file.name.toLowerCase().endsWith('.png'))
    return { error: `${file.name} is not a PNG; save the logo as PNG and try again.` };
  if (file.size > MAX_IMAGE_BYTES) return { error: `${file.name} is ${(file.size / 1e6).toFixed(1)} MB; labels take PNGs up to 1.4 MB.` };
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return { src: `data:image/png;base64,${btoa(binary)}` };
}
