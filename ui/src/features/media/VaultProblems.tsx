import { Table, Tag, Typography, type TableColumnsType } from "antd";
import type { VaultProblem } from "../../bindings/VaultProblem";
import { useI18n } from "../../i18n";
import { pagesOver } from "../../tables";

/** Vault objects missing or changed, each with the registered files that hold it. */
export default function VaultProblems({ problems }: { problems: VaultProblem[] }) {
  const { t } = useI18n();
  const columns: TableColumnsType<VaultProblem> = [
    {
      title: t("vault.kind"),
      dataIndex: "kind",
      width: 110,
      render: (k: string) => <Tag color="error">{k === "missing" ? t("vault.missing") : t("vault.changed")}</Tag>,
    },
    {
      title: t("vault.items"),
      dataIndex: "items",
      render: (items: string[], p) => (
        <>
          {items.join("；")}
          {p.chunks.map((c) => (
            <div key={c.sha256} data-testid="vault-chunk">
              <Typography.Text type="danger">
                {t(c.kind === "missing" ? "vault.chunkMissing" : "vault.chunkChanged", { chunk: c.sha256.slice(0, 12) })}
              </Typography.Text>
              {t("vault.chunkUsers", { items: c.items.join("；") })}
            </div>
          ))}
        </>
      ),
    },
    {
      title: "SHA-256",
      dataIndex: "sha256",
      width: 150,
      render: (h: string) => (
        <Typography.Text className="mono" type="secondary" ellipsis={{ tooltip: h }}>
          {h}
        </Typography.Text>
      ),
    },
  ];
  return (
    <Table
      data-testid="vault-problems"
      style={{ marginTop: 16 }}
      rowKey="sha256"
      size="small"
      columns={columns}
      dataSource={problems}
      pagination={pagesOver(problems.length)}
    />
  );
}
