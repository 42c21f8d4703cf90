import { Tag } from "antd";
import type { RegistrationStatus } from "../bindings/RegistrationStatus";
import { useI18n } from "../i18n";
import { statusLabel } from "../labels";

/** 草稿 / 已封存 tag. */
export default function StatusTag({ status, testId }: { status: RegistrationStatus; testId?: string }) {
  const { t } = useI18n();
  return (
    <Tag data-testid={testId} data-status={status} color={status === "sealed" ? "green" : "gold"}>
      {statusLabel(t, status)}
    </Tag>
  );
}
