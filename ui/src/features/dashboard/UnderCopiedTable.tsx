import { Table, Tag, Typography, type TableColumnsType } from "antd";
import type { UnderCopied } from "../../bindings/UnderCopied";
import { useI18n } from "../../i18n";
import { navigate } from "../../router";
import { pagesOver } from "../../tables";

/** Sealed registrations on fewer copy sets than required; a row opens the registration. */
export default function UnderCopiedTable({ rows, loading = false }: { rows: UnderCopied[]; loading?: boolean }) {
  const { t } = useI18n();
  const open = (u: UnderCopied) => navigate({ name: "registration", id: u.registrationId });
  const columns: TableColumnsType<UnderCopied> = [
    {
      title: t("regs.number"),
      dataIndex: "registrationNumber",
      width: 190,
      render: (n: string, u) => (
        <Typography.Link className="mono" onClick={() => open(u)}>
          {n}
        </Typography.Link>
      ),
    },
    { title: t("regs.unit"), dataIndex: "unit" },
    {
      title: t("dash.sets"),
      dataIndex: "sets",
      width: 140,
      render: (sets: string[]) => (sets.length === 0 ? <Tag color="error">{t("dash.noCopies")}</Tag> : sets.map((s) => <Tag key={s}>{s}</Tag>)),
    },
  ];
  return (
    <Table
      data-testid="under-copied-table"
      className="clickable-rows"
      rowKey="registrationNumber"
      size="small"
      columns={columns}
      dataSource={rows}
      loading={loading}
      locale={{ emptyText: t("dash.noneUnderCopied") }}
      pagination={pagesOver(rows.length)}
      onRow={(u) => ({ onClick: () => open(u) })}
    />
  );
}
