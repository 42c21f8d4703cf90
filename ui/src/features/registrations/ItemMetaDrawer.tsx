import { Alert, App, Button, Descriptions, Drawer, Form, Input, InputNumber, Select, Space } from "antd";
import { useEffect, useState } from "react";
import * as api from "../../api";
import type { Item } from "../../bindings/Item";
import type { ItemMeta } from "../../bindings/ItemMeta";
import type { Retention } from "../../bindings/Retention";
import { errorMessage } from "../../errors";
import { formatBytes, formatCount, formatDateTime } from "../../format";
import { useLoad } from "../../hooks/useLoad";
import { useI18n } from "../../i18n";
import HashText from "../../components/HashText";

const RETENTIONS: Retention[] = ["永久", "30年", "10年"];

// Blank text is "not set"; the core checks and normalises the rest (dates, counts, 密级).
const blankToNull = (m: ItemMeta): ItemMeta =>
  Object.fromEntries(Object.entries(m).map(([k, v]) => [k, typeof v === "string" && v.trim() === "" ? null : (v ?? null)])) as ItemMeta;

/** 著录: an item's DA/T 46 metadata, edited on a draft, read-only once sealed. */
export default function ItemMetaDrawer({
  item,
  draftId,
  onClose,
  onSaved,
}: {
  item: Item | null;
  /** null: sealed, read-only. */
  draftId: number | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<ItemMeta>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const classifications = useLoad(() => api.listClassifications(), []);
  const readOnly = draftId === null;

  // Another item: the last one's error goes (and the form shows this one's, below).
  const [shown, setShown] = useState(item);
  if (shown !== item) {
    setShown(item);
    setError(null);
  }
  useEffect(() => {
    if (item) form.setFieldsValue(item.meta);
  }, [item, form]);

  const save = async (values: ItemMeta) => {
    if (!item || draftId === null) return;
    setSaving(true);
    setError(null);
    try {
      await api.setItemMeta(draftId, item.id, blankToNull({ ...item.meta, ...values }));
      message.success(t("meta.saved"));
      onSaved();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  const text = (name: keyof ItemMeta, label: string, testId: string) => (
    <Form.Item name={name} label={label}>
      <Input data-testid={testId} />
    </Form.Item>
  );

  return (
    <Drawer
      data-testid="meta-drawer"
      title={readOnly ? t("meta.viewTitle") : t("meta.editTitle")}
      size={560}
      open={item !== null}
      onClose={onClose}
      destroyOnHidden
      extra={
        !readOnly && (
          <Space>
            <Button data-testid="meta-cancel" onClick={onClose}>
              {t("common.cancel")}
            </Button>
            <Button data-testid="meta-save" type="primary" loading={saving} onClick={() => form.submit()}>
              {t("meta.save")}
            </Button>
          </Space>
        )
      }
    >
      {item && (
        <Descriptions data-testid="meta-file" size="small" column={2} bordered style={{ marginBottom: 16 }}>
          <Descriptions.Item label={t("items.path")} span={2}>
            <span className="mono">{item.path}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t("items.size")}>{formatBytes(item.size)}</Descriptions.Item>
          <Descriptions.Item label={t("items.format")}>{item.format}</Descriptions.Item>
          <Descriptions.Item label={t("items.pages")}>{item.pages === null ? t("common.none") : formatCount(item.pages)}</Descriptions.Item>
          <Descriptions.Item label={t("items.mtime")}>{formatDateTime(item.mtime)}</Descriptions.Item>
          <Descriptions.Item label="SM3" span={2}>
            <HashText value={item.sm3} placeholder="" />
          </Descriptions.Item>
          <Descriptions.Item label="SHA-256" span={2}>
            <HashText value={item.sha256} placeholder="" />
          </Descriptions.Item>
        </Descriptions>
      )}
      {readOnly && <Alert data-testid="meta-sealed" type="warning" showIcon title={t("meta.sealedHint")} style={{ marginBottom: 16 }} />}
      {error && <Alert data-testid="meta-error" type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" disabled={readOnly} onFinish={(v) => void save(v)}>
        {text("refCode", t("meta.refCode"), "meta-refCode")}
        {text("title", t("meta.title"), "meta-title")}
        {text("creator", t("meta.creator"), "meta-creator")}
        <Form.Item name="date" label={t("meta.date")} extra={t("meta.dateHint")}>
          <Input data-testid="meta-date" />
        </Form.Item>
        <Space size={16} wrap align="start">
          <Form.Item name="retention" label={t("meta.retention")} style={{ width: 120 }}>
            <Select data-testid="meta-retention" allowClear options={RETENTIONS.map((r) => ({ value: r, label: r }))} />
          </Form.Item>
          <Form.Item name="classification" label={t("meta.classification")} style={{ width: 120 }}>
            <Select data-testid="meta-classification" allowClear options={(classifications.data ?? []).map((c) => ({ value: c, label: c }))} />
          </Form.Item>
          <Form.Item name="pages" label={t("meta.pages")}>
            <InputNumber data-testid="meta-pages" min={1} precision={0} style={{ width: 90 }} />
          </Form.Item>
          <Form.Item name="piece" label={t("meta.piece")}>
            <InputNumber data-testid="meta-piece" min={1} precision={0} style={{ width: 90 }} />
          </Form.Item>
        </Space>
        <Form.Item name="note" label={t("meta.note")}>
          <Input.TextArea data-testid="meta-note" autoSize={{ minRows: 2, maxRows: 6 }} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
