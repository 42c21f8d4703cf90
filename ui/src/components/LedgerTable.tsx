import { Table, type TableColumnsType } from "antd";
import type { LedgerEntry } from "../bindings/LedgerEntry";
import { formatDateTime } from "../format";
import { useI18n } from "../i18n";

/** Ledger entries concerning one registration. */
export default function LedgerTable({ entries }: { entries: LedgerEntry[] }) {
  const { t } = useI18n();
  const columns: TableColumnsType<LedgerEntry> = [
    { title: t("ledger.seq"), dataIndex: "seq", width: 80, align: "right" },
    { title: t("ledger.at"), dataIndex: "at", width: 160, render: (v: string) => formatDateTime(v) },
    { title: t("ledger.operator"), dataIndex: "operator", width: 120 },
    { title: t("ledger.action"), dataIndex: "action", width: 160 },
    { title: t("ledger.subject"), dataIndex: "subject", ellipsis: true },
  ];
  return (
    <Table
      data-testid="ledger-table"
      rowKey="seq"
      size="small"
      columns={columns}
      dataSource={entries}
      locale={{ emptyText: t("ledger.empty") }}
      pagination={entries.length > 10 ? { pageSize: 10, size: "small" } : false}
    />
  );
}
