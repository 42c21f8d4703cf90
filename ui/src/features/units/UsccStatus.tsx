import { CheckCircleFilled, CloseCircleFilled, LoadingOutlined, WarningFilled } from "@ant-design/icons";
import { Typography } from "antd";
import type { UsccCheck } from "../../bindings/UsccCheck";
import type { LiveCheck } from "../../hooks/useLiveCheck";
import { useI18n } from "../../i18n";

/** Live verdict of check_uscc under the USCC input. */
export default function UsccStatus({
  code,
  individual,
  check,
}: {
  code: string;
  individual: boolean;
  check: LiveCheck<UsccCheck>;
}) {
  const { t } = useI18n();
  let content = null;
  if (!code) {
    if (individual) content = <Typography.Text type="secondary">{t("unitForm.usccIndividualHint")}</Typography.Text>;
  } else if (check.checking || check.checkedValue !== code) {
    content = (
      <Typography.Text type="secondary">
        <LoadingOutlined /> {t("unitForm.usccChecking")}
      </Typography.Text>
    );
  } else if (check.error) {
    content = <Typography.Text type="danger">{check.error}</Typography.Text>;
  } else if (check.result) {
    const r = check.result;
    switch (r.status) {
      case "valid":
        content = (
          <Typography.Text type="success">
            <CheckCircleFilled /> {t("unitForm.usccValid")}
          </Typography.Text>
        );
        break;
      case "badCheck":
        content = (
          <Typography.Text type="danger">
            <WarningFilled /> {r.message}
            {r.expected && <>（{t("unitForm.usccExpected", { expected: r.expected })}）</>}
          </Typography.Text>
        );
        break;
      default:
        content = (
          <Typography.Text type="danger">
            <CloseCircleFilled /> {r.message}
          </Typography.Text>
        );
    }
  }
  const regionWarning = code && check.checkedValue === code && !check.checking ? check.result?.regionWarning : null;
  return (
    <div data-testid="uscc-status" data-status={check.result?.status ?? ""} style={{ minHeight: 22 }}>
      {content}
      {regionWarning && (
        <div data-testid="uscc-region-warning">
          <Typography.Text type="warning">
            <WarningFilled /> {regionWarning}
          </Typography.Text>
        </div>
      )}
    </div>
  );
}
