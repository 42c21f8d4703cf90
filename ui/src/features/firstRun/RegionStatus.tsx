import { CheckCircleFilled, CloseCircleFilled, LoadingOutlined } from "@ant-design/icons";
import { Typography } from "antd";
import type { RegionCheck } from "../../bindings/RegionCheck";
import type { LiveCheck } from "../../hooks/useLiveCheck";
import { useI18n } from "../../i18n";

/** Live result of check_region under the region-code input. */
export default function RegionStatus({ code, check }: { code: string; check: LiveCheck<RegionCheck> }) {
  const { t } = useI18n();
  let content;
  if (!code) content = <Typography.Text type="secondary">{t("init.regionHint")}</Typography.Text>;
  else if (!/^\d{6}$/.test(code)) content = <Typography.Text type="danger">{t("init.regionHint")}</Typography.Text>;
  else if (check.checking || check.checkedValue !== code)
    content = (
      <Typography.Text type="secondary">
        <LoadingOutlined /> {t("init.regionChecking")}
      </Typography.Text>
    );
  else if (check.error) content = <Typography.Text type="danger">{check.error}</Typography.Text>;
  else if (check.result?.valid)
    content = (
      <Typography.Text type="success">
        <CheckCircleFilled /> {check.result.name}
      </Typography.Text>
    );
  else
    content = (
      <Typography.Text type="danger">
        <CloseCircleFilled /> {check.result?.message ?? t("init.regionInvalid")}
      </Typography.Text>
    );
  return <span data-testid="region-status">{content}</span>;
}
