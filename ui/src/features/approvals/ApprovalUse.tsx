import { ExportOutlined, RollbackOutlined } from "@ant-design/icons";
import { Button, Typography } from "antd";
import type { Application } from "../../bindings/Application";
import { formatDateTime } from "../../format";
import { useI18n } from "../../i18n";
import { applicationKindLabel } from "../../labels";

/** An approval is used once and expires (the archive's approval validity, 30 days by default). */
export type ApprovalUse = "usable" | "used" | "expired" | "none";

export function approvalUse(a: Application, now = Date.now()): ApprovalUse {
  if (a.status !== "approved") return "none";
  if (a.usedAt) return "used";
  if (a.validUntil && Date.parse(a.validUntil) <= now) return "expired";
  return "usable";
}

/** Under an approved application's status: when it was used, or until when it may be. */
export function ApprovalUseLine({ application: a }: { application: Application }) {
  const { t } = useI18n();
  const use = approvalUse(a);
  if (use === "used" && a.usedAt) {
    return (
      <Typography.Text type="secondary" data-testid={`approval-used-${a.id}`}>
        {t("approvals.usedAt", { time: formatDateTime(a.usedAt), kind: applicationKindLabel(t, a.kind) })}
      </Typography.Text>
    );
  }
  if (use === "expired") {
    return (
      <Typography.Text type="warning" data-testid={`approval-expired-${a.id}`}>
        {t("approvals.expired")}
      </Typography.Text>
    );
  }
  if (use === "usable" && a.validUntil) {
    return <Typography.Text type="secondary">{t("approvals.validUntil", { time: formatDateTime(a.validUntil) })}</Typography.Text>;
  }
  return null;
}

/** 恢复 or 交还, for a clerk, while the approval is usable. */
export function CarryOutButton({
  application: a,
  disabled,
  onClick,
  testPrefix = "",
}: {
  application: Application;
  disabled: boolean;
  onClick: () => void;
  testPrefix?: string;
}) {
  const { t } = useI18n();
  if (approvalUse(a) !== "usable") return null;
  const handback = a.kind === "handback";
  return (
    <Button
      size="small"
      type="primary"
      icon={handback ? <ExportOutlined /> : <RollbackOutlined />}
      data-testid={`${testPrefix}${handback ? "handback" : "restore"}-${a.id}`}
      disabled={disabled}
      onClick={onClick}
    >
      {t(handback ? "handback.actionShort" : "restore.actionShort")}
    </Button>
  );
}
