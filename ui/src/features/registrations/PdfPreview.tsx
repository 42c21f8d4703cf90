import { Alert, Progress, Spin } from "antd";
import { useEffect, useState } from "react";
import { createPortal } from "react-dom";
import { errorMessage } from "../../errors";
import { useI18n } from "../../i18n";
import { renderPages } from "../../pdf";

// Pages are rendered at twice the PDF's point size: sharp on screen and on paper.
const SCALE = 2;

/** A PDF shown as its pages; while `printing`, the same pages also fill a print-only
 *  sheet outside the app (see `.print-sheet` in styles.css) for window.print(). */
export default function PdfPreview({ bytes, testId }: { bytes: ArrayBuffer; testId?: string }) {
  const { t } = useI18n();
  const [pages, setPages] = useState<string[]>([]);
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);

  // Other bytes: start over.
  const [shown, setShown] = useState(bytes);
  if (shown !== bytes) {
    setShown(bytes);
    setPages([]);
    setTotal(null);
    setError(null);
  }
  useEffect(() => {
    let alive = true;
    renderPages(bytes, SCALE, (index, count, url) => {
      if (!alive) return;
      setTotal(count);
      setPages((p) => {
        const next = p.slice();
        next[index] = url;
        return next;
      });
    }).catch((e: unknown) => alive && setError(errorMessage(e)));
    return () => {
      alive = false;
    };
  }, [bytes]);

  if (error) return <Alert type="error" showIcon title={t("pdf.renderFailed")} description={error} />;
  const done = total !== null && pages.filter(Boolean).length === total;
  return (
    <div data-testid={testId} data-pages={done ? total : undefined} className="pdf-preview">
      {!done && (total === null ? <Spin /> : <Progress percent={Math.round((pages.filter(Boolean).length * 100) / total)} size="small" />)}
      {pages.map((url, i) => (
        <img key={i} src={url} className="pdf-page" alt={t("pdf.page", { n: i + 1 })} />
      ))}
      {createPortal(
        <div className="print-sheet">
          {pages.map((url, i) => (
            <img key={i} src={url} alt="" />
          ))}
        </div>,
        document.body,
      )}
    </div>
  );
}
