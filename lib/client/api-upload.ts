import { isErrorCode } from "@/lib/http/error-codes";
import { ApiRequestError } from "./api-fetch";

/**
 * POSTs a File as the raw request body with XMLHttpRequest, for its upload progress
 * events (fetch has none for request bodies). The browser streams the File from disk and
 * sets Content-Length from its size. Rejects with ApiRequestError (the server's code, or
 * `network`), or with an AbortError DOMException when `signal` aborts.
 */
export function uploadRaw<T>(
  url: string,
  file: Blob,
  { onProgress, signal }: { onProgress?: (sent: number, total: number) => void; signal?: AbortSignal } = {},
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal?.aborted) return reject(new DOMException("The upload was cancelled.", "AbortError"));
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.responseType = "json";
    xhr.setRequestHeader("content-type", file.type || "application/octet-stream");
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress?.(event.loaded, event.total);
    };
    const onAbort = () => xhr.abort();
    signal?.addEventListener("abort", onAbort, { once: true });
    const done = () => signal?.removeEventListener("abort", onAbort);
    xhr.onabort = () => {
      done();
      reject(new DOMException("The upload was cancelled.", "AbortError"));
    };
    xhr.onerror = () => {
      done();
      reject(new ApiRequestError(0, "network", "The server could not be reached."));
    };
    xhr.onload = () => {
      done();
      const body = xhr.response as unknown;
      if (xhr.status >= 200 && xhr.status < 300) return resolve(body as T);
      const detail = (body as { error?: { code?: unknown; message?: string; details?: unknown } } | null)?.error;
      const code = isErrorCode(detail?.code) ? detail.code : xhr.status === 401 ? "unauthenticated" : "unknown";
      reject(new ApiRequestError(xhr.status, code, detail?.message ?? xhr.statusText, detail?.details));
    };
    xhr.send(file);
  });
}
