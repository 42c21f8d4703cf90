import { RollbackOutlined } from "@ant-design/icons";
import { Alert, App, Button, Descriptions, Drawer, Spin, Table } from "antd";
import { useState } from "react";
import * as api from "../../api";
import type { Item } from "../../bindings/Item";
import { formatBytes, formatCount, formatDateTime } from "../../format";
import { useLoad } from "../../hooks/useLoad";
import { useI18n } from "../../i18n";
import { recordKindLabel } from "../../labels";
import { hasRole, sessionStore } from "../../stores/session";
import ApplyRestoreModal from "../registrations/ApplyRestoreModal";
import HashText from "../../components/HashText";
import RegistrationApplications from "../registrations/RegistrationApplications";

/** A lower archive's registration as its reported catalog copy holds it: read-only, the
 *  archive and the report named. Its unit's written request to restore it is recorded
 *  here and, once approved, carried out from the files this archive holds. */
export default function LowerRegistrationDrawer({ number, onClose }: { number: string | null; onClose: () => void }) {
  const { t } = useI18n();
  const loaded = useLoad(() => (number ? api.lowerRegistration(number) : Promise.resolve(null)), [number]);
  const r = loaded.data;
  const s = r?.detail.summary;
  const session = sessionStore.use();
  const { message } = App.useApp();
  const [applying, setApplying] = useState(false);
  const [applied, setApplied] = useState(0);
  return (
    <Drawer
      open={number !== null}
      onClose={onClose}
      size={800}
      title={number ?? ""}
      destroyOnHidden
      extra={
        r &&
        hasRole(session, "clerk") && (
          <Button data-testid="lower-apply" icon={<RollbackOutlined />} onClick={() => setApplying(true)}>
            {t("apply.open")}
          </Button>
        )
      }
    >
      {loaded.error && <Alert type="error" showIcon title={loaded.error} />}
      {loaded.loading && !r && <Spin />}
      {r && s && (
        <div data-testid="lower-registration">
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 16 }}
            title={t("lower.copyOf", { archive: r.archive, region: r.regionCode, report: r.report, at: formatDateTime(r.receivedAt) })}
          />
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={t("detail.number")}>
              <span className="mono">{s.registrationNumber}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t("detail.unit")}>{[s.unitName, s.unitUscc].filter(Boolean).join(" · ")}</Descriptions.Item>
            <Descriptions.Item label={t("detail.regTitle")}>{s.title}</Descriptions.Item>
            <Descriptions.Item label={t("detail.kind")}>{recordKindLabel(t, s.kind)}</Descriptions.Item>
            <Descriptions.Item label={t("detail.filesBytes")}>
              {formatCount(s.files)} / {formatBytes(s.bytes)}
            </Descriptions.Item>
            <Descriptions.Item label={t("detail.sealedAt")}>{formatDateTime(s.sealedAt)}</Descriptions.Item>
            <Descriptions.Item label="SM3">
              <HashText value={r.detail.packageSm3} placeholder="" />
            </Descriptions.Item>
          </Descriptions>
          <Table<Item>
            style={{ marginTop: 16 }}
            data-testid="lower-items"
            rowKey="id"
            size="small"
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            dataSource={r.detail.items}
            columns={[
              { title: t("lower.path"), dataIndex: "path", ellipsis: true, render: (p: string) => <span className="mono">{p}</span> },
              { title: t("regs.size"), dataIndex: "size", width: 110, align: "right", render: (n: number) => formatBytes(n) },
              { title: "SM3", dataIndex: "sm3", width: 200, ellipsis: true, render: (h: string) => <span className="mono">{h}</span> },
            ]}
          />
          <div style={{ marginTop: 16 }}>
            <RegistrationApplications target={{ lowerNumber: number ?? "" }} reloadKey={applied} />
          </div>
          <ApplyRestoreModal
            target={{ lowerNumber: number ?? "" }}
            open={applying}
            onClose={() => setApplying(false)}
            onApplied={() => {
              setApplying(false);
              message.success(t("apply.done"));
              setApplied((n) => n + 1);
            }}
          />
        </div>
      )}
    </Drawer>
  );
}
