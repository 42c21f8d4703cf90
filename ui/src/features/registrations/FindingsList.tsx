import { CheckOutlined } from "@ant-design/icons";
import { Button, Table, Tag, Typography, type TableColumnsType } from "antd";
import { useState, type HTMLAttributes } from "react";
import type { Finding } from "../../bindings/Finding";
import { useI18n } from "../../i18n";
import { findingKindLabel } from "../../labels";
import AcceptFindingsModal from "./AcceptFindingsModal";

const isOpenBlocking = (f: Finding) => f.blocking && !f.acknowledged;

/** Findings of intake checks; blocking ones in red; drafts can accept them with a reason. */
export default function FindingsList({
  findings,
  draftId,
  onChanged,
}: {
  findings: Finding[];
  /** Set for drafts: enables 确认并接受. */
  draftId: number | null;
  onChanged: () => void;
}) {
  const { t } = useI18n();
  const [accepting, setAccepting] = useState(false);
  const pending = findings.some((f) => !f.acknowledged);

  const columns: TableColumnsType<Finding> = [
    {
      title: t("findings.kind"),
      dataIndex: "kind",
      width: 260,
      render: (kind: string, f) => (
        <>
          <Tag color={isOpenBlocking(f) ? "red" : f.acknowledged ? "default" : "orange"}>{findingKindLabel(t, kind)}</Tag>
          {isOpenBlocking(f) && <Tag color="red">{t("findings.blocking")}</Tag>}
          {f.acknowledged && <Tag color="green">{t("findings.acknowledged")}</Tag>}
        </>
      ),
    },
    {
      title: t("findings.path"),
      dataIndex: "path",
      render: (p: string, f) => (
        <Typography.Text className="mono" type={isOpenBlocking(f) ? "danger" : undefined}>
          {p}
        </Typography.Text>
      ),
    },
    {
      title: t("findings.detail"),
      dataIndex: "detail",
      render: (d: string, f) => <Typography.Text type={isOpenBlocking(f) ? "danger" : undefined}>{d}</Typography.Text>,
    },
  ];

  return (
    <div data-testid="findings-list">
      {draftId !== null && pending && (
        <Button data-testid="findings-accept" icon={<CheckOutlined />} style={{ marginBottom: 12 }} onClick={() => setAccepting(true)}>
          {t("findings.accept")}
        </Button>
      )}
      <Table
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={findings}
        locale={{ emptyText: t("findings.none") }}
        rowClassName={(f) => (isOpenBlocking(f) ? "finding-blocking" : "")}
        onRow={(f) => ({ "data-finding-kind": f.kind, "data-blocking": String(isOpenBlocking(f)) }) as HTMLAttributes<HTMLElement>}
        pagination={findings.length > 50 ? { pageSize: 50, size: "small" } : false}
      />
      {draftId !== null && (
        <AcceptFindingsModal
          open={accepting}
          draftId={draftId}
          onClose={() => setAccepting(false)}
          onDone={() => {
            setAccepting(false);
            onChanged();
          }}
        />
      )}
    </div>
  );
}
