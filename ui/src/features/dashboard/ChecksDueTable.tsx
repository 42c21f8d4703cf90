import { Table, Typography, type TableColumnsType } from "antd";
import type { CheckDue } from "../../bindings/CheckDue";
import { formatDateTime } from "../../format";
import { useI18n } from "../../i18n";
import { pagesOver } from "../../tables";

/** Media whose check is due by their kind's cycle. */
export default function ChecksDueTable({ rows }: { rows: CheckDue[] }) {
  const { t } = useI18n();
  const columns: TableColumnsType<CheckDue> = [
    { title: t("media.label"), dataIndex: "label", width: 90, render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
    { title: t("media.set"), dataIndex: "set", width: 56 },
    { title: t("media.kind"), dataIndex: "kind", width: 90, render: (k: CheckDue["kind"]) => t(`media.kind.${k}`) },
    {
      title: t("dash.lastCheck"),
      key: "last",
      render: (_, d) => (d.verified ? formatDateTime(d.lastCheck) : t("dash.neverChecked", { date: formatDateTime(d.lastCheck) })),
    },
    {
      title: t("dash.due"),
      dataIndex: "due",
      width: 150,
      render: (v: string) => <Typography.Text type="danger">{formatDateTime(v)}</Typography.Text>,
    },
  ];
  return (
    <Table
      data-testid="checks-due-table"
      rowKey="label"
      size="small"
      columns={columns}
      dataSource={rows}
      locale={{ emptyText: t("dash.noneDue") }}
      pagination={pagesOver(rows.length)}
    />
  );
}
