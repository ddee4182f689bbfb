/**
 * Hands a downloaded file to the browser's save dialog: an object URL on a temporary `<a download>`.
 * Hazard: revoking the URL at once can cancel the download in some browsers, so it is revoked a little later.
 */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}
