import { PlusOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Input, Modal, Popconfirm, Space, Table, Tag, type ButtonProps, type TableColumnsType } from "antd";
import { useState } from "react";
import { addDomain, domainList, renameDomain, retireDomain } from "../../api";
import type { Domain } from "../../bindings/Domain";
import { errorMessage } from "../../errors";
import { formatCount, formatDateTime } from "../../format";
import { useLoad } from "../../hooks/useLoad";
import { useI18n } from "../../i18n";

/** 民生领域 (admin): add, rename (units move with it), retire and offer again. */
export default function DomainsCard() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const domains = useLoad(domainList);
  const [name, setName] = useState("");
  const [renaming, setRenaming] = useState<Domain | null>(null);
  const [newName, setNewName] = useState("");
  const [busy, setBusy] = useState(false);

  const run = async (action: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await action();
      message.success(done);
      domains.reload();
      return true;
    } catch (e) {
      message.error(errorMessage(e));
      return false;
    } finally {
      setBusy(false);
    }
  };

  const columns: TableColumnsType<Domain> = [
    { title: t("domains.name"), dataIndex: "name" },
    { title: t("domains.units"), dataIndex: "units", width: 100, align: "right", render: (n: number) => formatCount(n) },
    {
      title: t("domains.state"),
      dataIndex: "retiredAt",
      width: 200,
      render: (at: string | null) =>
        at ? <Tag>{t("domains.retiredAt", { at: formatDateTime(at) })}</Tag> : <Tag color="green">{t("domains.active")}</Tag>,
    },
    {
      title: t("domains.actions"),
      key: "actions",
      width: 180,
      render: (_: unknown, d: Domain) => (
        <Space size={4}>
          <Button
            size="small"
            data-testid={`domain-rename-${d.name}`}
            onClick={() => {
              setRenaming(d);
              setNewName(d.name);
            }}
          >
            {t("domains.rename")}
          </Button>
          {d.retiredAt ? (
            <Button size="small" data-testid={`domain-restore-${d.name}`} onClick={() => void run(() => addDomain(d.name), t("domains.restored", { name: d.name }))}>
              {t("domains.restore")}
            </Button>
          ) : (
            <Popconfirm
              title={t("domains.retireConfirm", { name: d.name })}
              description={t("domains.retireHint", { units: formatCount(d.units) })}
              okText={t("domains.retire")}
              onConfirm={() => run(() => retireDomain(d.name), t("domains.retired", { name: d.name }))}
            >
              <Button size="small" danger data-testid={`domain-retire-${d.name}`}>
                {t("domains.retire")}
              </Button>
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Card title={t("domains.title")} style={{ maxWidth: 720, marginTop: 16 }} data-testid="domains-card">
      <Space.Compact style={{ width: "100%", marginBottom: 12 }}>
        <Input data-testid="domain-new" placeholder={t("domains.addPlaceholder")} maxLength={40} value={name} onChange={(e) => setName(e.target.value)} />
        <Button
          type="primary"
          icon={<PlusOutlined />}
          disabled={!name.trim()}
          loading={busy}
          data-testid="domain-add"
          onClick={async () => {
            if (await run(() => addDomain(name.trim()), t("domains.added", { name: name.trim() }))) setName("");
          }}
        >
          {t("domains.add")}
        </Button>
      </Space.Compact>
      {domains.error && <Alert type="error" showIcon title={domains.error} style={{ marginBottom: 12 }} />}
      <Table
        data-testid="domains-table"
        rowKey="name"
        size="small"
        loading={domains.loading}
        columns={columns}
        dataSource={domains.data ?? []}
        pagination={{ pageSize: 8, hideOnSinglePage: true, showSizeChanger: false }}
      />
      <Modal
        open={renaming !== null}
        title={t("domains.renameTitle", { name: renaming?.name ?? "" })}
        okText={t("domains.rename")}
        okButtonProps={{ disabled: !newName.trim() || newName.trim() === renaming?.name, "data-testid": "domain-rename-ok" } as ButtonProps}
        confirmLoading={busy}
        onCancel={() => setRenaming(null)}
        onOk={async () => {
          if (renaming && (await run(() => renameDomain(renaming.name, newName.trim()), t("domains.renamed", { name: newName.trim() })))) setRenaming(null);
        }}
        destroyOnHidden
      >
        <p>{t("domains.renameHint", { units: formatCount(renaming?.units ?? 0) })}</p>
        <Input data-testid="domain-rename-input" autoFocus maxLength={40} value={newName} onChange={(e) => setNewName(e.target.value)} />
      </Modal>
    </Card>
  );
}
