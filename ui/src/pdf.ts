// PDF pages as images, rendered in the webview with pdf.js: WebKitGTK has no PDF viewer of
// its own. The legacy build carries the polyfills older WebKitGTK releases need; its worker
// is bundled by Vite and served from the app itself (no network, CSP 'self').
import { getDocument, GlobalWorkerOptions } from "pdfjs-dist/legacy/build/pdf.mjs";
import workerUrl from "pdfjs-dist/legacy/build/pdf.worker.min.mjs?url";

GlobalWorkerOptions.workerSrc = workerUrl;

/** Renders every page of `bytes` as a PNG data URL, `scale` CSS pixels per PDF point;
 *  calls `onPage` as each page is ready so long annexes appear progressively. */
export async function renderPages(bytes: ArrayBuffer, scale: number, onPage: (index: number, total: number, url: string) => void): Promise<number> {
  // pdf.js takes ownership of (detaches) the buffer it is given: hand it a copy.
  const doc = await getDocument({ data: new Uint8Array(bytes.slice(0)), isEvalSupported: false }).promise;
  try {
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const viewport = page.getViewport({ scale });
      const canvas = document.createElement("canvas");
      canvas.width = Math.ceil(viewport.width);
      canvas.height = Math.ceil(viewport.height);
      await page.render({ canvas, viewport }).promise;
      onPage(n - 1, doc.numPages, canvas.toDataURL("image/png"));
      page.cleanup();
    }
    return doc.numPages;
  } finally {
    await doc.destroy();
  }
}
