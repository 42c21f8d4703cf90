import { Table, type TableColumnsType } from "antd";
import type { LedgerEntry } from "../../bindings/LedgerEntry";
import { formatDateTime } from "../../format";
import { useI18n } from "../../i18n";
import { actionLabel, subjectLabel } from "../../labels";

/** Ledger entries: those of one registration, or the audit log's. */
export default function LedgerTable({
  entries,
  testId = "ledger-table",
  loading = false,
  pageSize = 10,
}: {
  entries: LedgerEntry[];
  testId?: string;
  loading?: boolean;
  pageSize?: number;
}) {
  const { t } = useI18n();
  const columns: TableColumnsType<LedgerEntry> = [
    { title: t("ledger.seq"), dataIndex: "seq", width: 80, align: "right" },
    { title: t("ledger.at"), dataIndex: "at", width: 160, render: (v: string) => formatDateTime(v) },
    { title: t("ledger.operator"), dataIndex: "operator", width: 120 },
    // Words as the label; the ledger's own code on hover, for whoever reads the CSV.
    {
      title: t("ledger.action"),
      dataIndex: "action",
      width: 160,
      render: (a: string) => <span title={a}>{actionLabel(t, a)}</span>,
    },
    {
      title: t("ledger.subject"),
      dataIndex: "subject",
      ellipsis: { showTitle: false },
      render: (s: string) => <span title={s}>{subjectLabel(t, s)}</span>,
    },
  ];
  return (
    <Table
      data-testid={testId}
      loading={loading}
      rowKey="seq"
      size="small"
      columns={columns}
      dataSource={entries}
      locale={{ emptyText: t("ledger.empty") }}
      pagination={entries.length > pageSize ? { pageSize, size: "small" } : false}
    />
  );
}
