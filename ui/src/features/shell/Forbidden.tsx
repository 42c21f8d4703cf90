import { Result } from "antd";
import { useI18n } from "../../i18n";

/** 无权访问: a page the signed-in user's roles do not allow. */
export default function Forbidden() {
  const { t } = useI18n();
  return <Result data-testid="forbidden" status="403" title={t("forbidden.title")} subTitle={t("forbidden.sub")} />;
}
