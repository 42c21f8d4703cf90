import { Collapse, Space, Table, Tag, type TableColumnsType } from "antd";
import type { CheckCounts } from "../../bindings/CheckCounts";
import type { CheckFinding } from "../../bindings/CheckFinding";
import type { CheckProperty } from "../../bindings/CheckProperty";
import type { CheckSeverity } from "../../bindings/CheckSeverity";
import type { CheckSummary } from "../../bindings/CheckSummary";
import { useI18n, type Translate } from "../../i18n";
import { ruleLabel } from "../../labels";

export const PROPERTIES: CheckProperty[] = ["authenticity", "integrity", "usability", "security"];
const SEVERITY_COLOR: Record<CheckSeverity, string> = { error: "red", warning: "orange", info: "blue" };

/** 错误 n · 警告 n · 提示 n of one property, or 通过 when it found nothing. */
export function CountTags({ counts, t }: { counts: CheckCounts; t: Translate }) {
  if (counts.error + counts.warning + counts.info === 0) return <Tag color="green">{t("check.clean")}</Tag>;
  return (
    <Space size={4}>
      {(["error", "warning", "info"] as const)
        .filter((s) => counts[s] > 0)
        .map((s) => (
          <Tag key={s} color={SEVERITY_COLOR[s]}>
            {t(`check.severity.${s}`)} {counts[s]}
          </Tag>
        ))}
    </Space>
  );
}

/** The findings of a check, one panel per property (真实性, 完整性, 可用性, 安全性). */
export default function CheckFindings({ findings, summary }: { findings: CheckFinding[]; summary: CheckSummary }) {
  const { t } = useI18n();
  const columns: TableColumnsType<CheckFinding> = [
    {
      title: t("check.item"),
      dataIndex: "item",
      width: 260,
      ellipsis: { showTitle: true },
      render: (p: string | null) => (p === null ? t("check.wholeRegistration") : <span className="mono">{p}</span>),
    },
    { title: t("check.rule"), dataIndex: "rule", width: 200, render: (r: string) => <span title={r}>{ruleLabel(t, r)}</span> },
    {
      title: t("check.severityTitle"),
      dataIndex: "severity",
      width: 80,
      render: (s: CheckSeverity) => <Tag color={SEVERITY_COLOR[s]}>{t(`check.severity.${s}`)}</Tag>,
    },
    { title: t("check.message"), dataIndex: "message" },
  ];
  const items = PROPERTIES.map((p) => {
    const rows = findings.filter((f) => f.property === p);
    return {
      key: p,
      label: (
        <Space data-testid={`check-property-${p}`}>
          <strong>{t(`check.property.${p}`)}</strong>
          <CountTags counts={summary[p]} t={t} />
        </Space>
      ),
      collapsible: rows.length === 0 ? ("disabled" as const) : undefined,
      children: (
        <Table
          data-testid={`check-findings-${p}`}
          rowKey={(f) => `${f.rule}|${f.item ?? ""}|${f.message}`}
          size="small"
          columns={columns}
          dataSource={rows}
          pagination={rows.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
        />
      ),
    };
  });
  const open = PROPERTIES.filter((p) => findings.some((f) => f.property === p));
  return <Collapse data-testid="check-findings" items={items} defaultActiveKey={open} />;
}
