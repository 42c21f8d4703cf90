import { Result, Typography } from "antd";
import { useEffect, useRef } from "react";
import type { SealOutcome } from "../../bindings/SealOutcome";
import { formatDateTime } from "../../format";
import { useI18n } from "../../i18n";

/** Shown after sealing: the registration number, prominently. */
export default function SealResult({ outcome }: { outcome: SealOutcome }) {
  const { t } = useI18n();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.scrollIntoView?.({ block: "start", behavior: "smooth" }), []);
  return (
    <div data-testid="seal-result" ref={ref}>
      <Result
        status="success"
        title={t("seal.success")}
        subTitle={t("seal.resultSub", { at: formatDateTime(outcome.sealedAt) })}
        extra={
          <div>
            <Typography.Text type="secondary">{t("seal.number")}</Typography.Text>
            <div data-testid="seal-number">
              <Typography.Text copyable className="seal-number mono">
                {outcome.registrationNumber}
              </Typography.Text>
            </div>
          </div>
        }
      />
    </div>
  );
}
