import { DeleteOutlined, EditOutlined, EyeOutlined } from "@ant-design/icons";
import { App, Button, Input, Popconfirm, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from "antd";
import { useMemo, useState, type Key } from "react";
import { removeItems } from "../../api";
import type { Item } from "../../bindings/Item";
import { errorMessage } from "../../errors";
import { formatBytes, formatCount, formatDateTime, shortHash } from "../../format";
import { useI18n } from "../../i18n";
import ItemMetaDrawer from "./ItemMetaDrawer";

/** The items of a registration in a virtual table (smooth with 10,000+ rows). */
export default function ItemsTable({
  items,
  draftId,
  onChanged,
}: {
  items: Item[];
  /** Set for drafts: enables selecting and removing items. */
  draftId: number | null;
  onChanged: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [query, setQuery] = useState("");
  const [selected, setSelected] = useState<Key[]>([]);
  const [removing, setRemoving] = useState(false);
  const [editing, setEditing] = useState<Item | null>(null);

  const rows = useMemo(() => {
    const q = query.trim().toLowerCase();
    const hit = (i: Item) => [i.path, i.meta.title, i.meta.refCode].some((v) => v?.toLowerCase().includes(q));
    return q ? items.filter(hit) : items;
  }, [items, query]);

  const remove = async () => {
    if (draftId === null) return;
    setRemoving(true);
    try {
      const n = await removeItems(draftId, selected.map(Number));
      message.success(t("items.removed", { count: formatCount(n) }));
      setSelected([]);
      onChanged();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setRemoving(false);
    }
  };

  // Laid out for a 1366-px screen: what tells files apart (path, 档号, 题名, date,
  // retention, size, digest); format, pages and the file's time are in the drawer a row opens.
  const columns: TableColumnsType<Item> = [
    {
      title: t("items.path"),
      dataIndex: "path",
      width: 210,
      ellipsis: { showTitle: true },
      sorter: (a, b) => a.path.localeCompare(b.path),
      render: (p: string, i) => (
        <>
          <span className="mono">{p}</span>
          {i.disposedAt && (
            <Tag color="red" data-testid="item-disposed" style={{ marginLeft: 4 }}>
              {t("item.disposed", { at: formatDateTime(i.disposedAt) })}
            </Tag>
          )}
        </>
      ),
    },
    { title: t("meta.refCode"), key: "refCode", width: 120, ellipsis: true, render: (_, i) => i.meta.refCode ?? t("common.none") },
    { title: t("meta.title"), key: "title", width: 150, ellipsis: { showTitle: true }, render: (_, i) => i.meta.title ?? t("common.none") },
    { title: t("meta.date"), key: "date", width: 96, render: (_, i) => i.meta.date ?? t("common.none") },
    { title: t("meta.retention"), key: "retention", width: 76, ellipsis: true, render: (_, i) => i.meta.retention ?? t("common.none") },
    { title: t("items.size"), dataIndex: "size", width: 90, align: "right", sorter: (a, b) => a.size - b.size, render: (n: number) => formatBytes(n) },
    {
      title: t("items.sm3"),
      dataIndex: "sm3",
      width: 170,
      render: (h: string, item) => (
        <Tooltip
          title={
            <span className="mono">
              SM3 {h}
              <br />
              SHA-256 {item.sha256}
            </span>
          }
        >
          <Typography.Text className="mono" copyable={{ text: h }}>
            {shortHash(h)}
          </Typography.Text>
        </Tooltip>
      ),
    },
    {
      title: t("meta.column"),
      key: "edit",
      width: 72,
      fixed: "right",
      render: (_, i) => (
        <Button data-testid="item-meta-open" size="small" type="link" icon={draftId !== null ? <EditOutlined /> : <EyeOutlined />} onClick={() => setEditing(i)}>
          {draftId !== null ? t("meta.edit") : t("common.view")}
        </Button>
      ),
    },
  ];

  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search allowClear placeholder={t("detail.itemsSearch")} style={{ width: 320 }} value={query} onChange={(e) => setQuery(e.target.value)} />
        {draftId !== null && (
          <Popconfirm
            title={t("items.removeConfirm", { count: formatCount(selected.length) })}
            onConfirm={remove}
            disabled={selected.length === 0}
          >
            <Button data-testid="items-remove" danger icon={<DeleteOutlined />} disabled={selected.length === 0} loading={removing}>
              {t("items.removeSelected", { count: formatCount(selected.length) })}
            </Button>
          </Popconfirm>
        )}
      </Space>
      <Table
        data-testid="items-table"
        virtual
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 940, y: 520 }}
        rowSelection={draftId !== null ? { selectedRowKeys: selected, onChange: setSelected, preserveSelectedRowKeys: true } : undefined}
      />
      <ItemMetaDrawer
        item={editing}
        draftId={draftId}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          onChanged();
        }}
      />
    </>
  );
}
