import { ArrowLeftOutlined, DeleteOutlined, FileAddOutlined, ImportOutlined, ReloadOutlined, RollbackOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Space, Spin } from "antd";
import { useState } from "react";
import { getRegistration } from "../../api";
import type { SealOutcome } from "../../bindings/SealOutcome";
import ApplyRestoreModal from "./ApplyRestoreModal";
import CatalogueImportModal from "./CatalogueImportModal";
import CertificatesCard from "./CertificatesCard";
import CheckCard from "./CheckCard";
import DiscardDraftModal from "./DiscardDraftModal";
import FindingsList from "./FindingsList";
import ItemsTable from "./ItemsTable";
import LedgerTable from "../audit/LedgerTable";
import RegistrationMeta from "./RegistrationMeta";
import SealPanel from "./SealPanel";
import SealResult from "./SealResult";
import { formatCount } from "../../format";
import { useLoad } from "../../hooks/useLoad";
import { useI18n } from "../../i18n";
import { registrationLabel } from "../../labels";
import { navigate } from "../../router";
import { hasRole, sessionStore } from "../../stores/session";
import RegistrationApplications from "./RegistrationApplications";

/** One registration: metadata, items, findings, ledger and, for a draft, the seal area. */
export default function RegistrationDetailPage({ id }: { id: number }) {
  const { t } = useI18n();
  const detail = useLoad(() => getRegistration(id), [id]);
  const { message } = App.useApp();
  const session = sessionStore.use();
  const [sealed, setSealed] = useState<SealOutcome | null>(null);
  const [applying, setApplying] = useState(false);
  // Bumped when an application is filed here, so the applications card reads them again.
  const [applied, setApplied] = useState(0);
  const [importing, setImporting] = useState(false);
  const [discarding, setDiscarding] = useState(false);
  const d = detail.data;

  if (!d) {
    return detail.error ? (
      <Alert
        type="error"
        showIcon
        title={t("common.loadFailed")}
        description={detail.error}
        action={<Button onClick={detail.reload}>{t("app.retry")}</Button>}
      />
    ) : (
      <Spin size="large" style={{ display: "block", marginTop: 80 }} />
    );
  }

  const s = d.summary;
  const draftId = s.status === "draft" ? s.id : null;

  return (
    <Space data-testid="registration-detail" orientation="vertical" size={16} style={{ width: "100%" }}>
      {sealed && <SealResult outcome={sealed} />}
      <Card
        title={`${t("detail.title")} · ${registrationLabel(t, s)}`}
        extra={
          <Space>
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate({ name: "registrations" })}>
              {t("common.back")}
            </Button>
            <Button icon={<ReloadOutlined />} loading={detail.loading} onClick={detail.reload}>
              {t("common.refresh")}
            </Button>
            {draftId !== null && hasRole(session, "clerk") && (
              <Button data-testid="reg-add-files" type="primary" icon={<FileAddOutlined />} onClick={() => navigate({ name: "intake", draftId })}>
                {t("detail.addFiles")}
              </Button>
            )}
            {draftId !== null && hasRole(session, "clerk") && (
              <Button data-testid="reg-discard" danger icon={<DeleteOutlined />} onClick={() => setDiscarding(true)}>
                {t("discard.open")}
              </Button>
            )}
            {s.status === "sealed" && hasRole(session, "clerk") && (
              <Button data-testid="apply-open" icon={<RollbackOutlined />} onClick={() => setApplying(true)}>
                {t("apply.open")}
              </Button>
            )}
          </Space>
        }
      >
        {detail.error && <Alert type="error" showIcon title={detail.error} style={{ marginBottom: 16 }} />}
        {draftId !== null && !s.intakeComplete && (
          <Alert type="warning" showIcon title={t("detail.incompleteHint")} style={{ marginBottom: 16 }} />
        )}
        <RegistrationMeta detail={d} onChanged={hasRole(session, "clerk") ? detail.reload : undefined} />
        {draftId !== null && (
          <DiscardDraftModal
            open={discarding}
            draftId={draftId}
            title={s.title}
            onClose={() => setDiscarding(false)}
            onDiscarded={(r) => {
              setDiscarding(false);
              message.success(t("discard.done", { id: String(r.id), files: formatCount(r.files) }));
              navigate({ name: "registrations" });
            }}
          />
        )}
        <ApplyRestoreModal
          target={{ registrationId: s.id }}
          open={applying}
          onClose={() => setApplying(false)}
          onApplied={() => {
            setApplying(false);
            message.success(t("apply.done"));
            setApplied((n) => n + 1);
            detail.reload();
          }}
        />
      </Card>
      {draftId !== null && <CheckCard registrationId={draftId} />}
      {draftId !== null && (
        <SealPanel
          draftId={draftId}
          title={s.title}
          blockers={d.sealBlockers}
          preparers={d.preparers}
          version={d}
          onSealed={(o) => {
            setSealed(o);
            detail.reload();
          }}
        />
      )}
      {s.status === "sealed" && <RegistrationApplications target={{ registrationId: s.id }} reloadKey={applied} />}
      {s.status === "sealed" && <CertificatesCard registrationId={s.id} onIssued={detail.reload} />}
      {s.status === "sealed" && <CheckCard registrationId={s.id} />}
      <Card
        title={t("detail.items", { count: formatCount(d.items.length) })}
        extra={
          draftId !== null &&
          hasRole(session, "clerk") && (
            <Button data-testid="catalogue-open" icon={<ImportOutlined />} onClick={() => setImporting(true)}>
              {t("catalogue.open")}
            </Button>
          )
        }
      >
        <ItemsTable items={d.items} draftId={hasRole(session, "clerk") ? draftId : null} onChanged={detail.reload} />
        {draftId !== null && (
          <CatalogueImportModal
            draftId={draftId}
            open={importing}
            onClose={() => setImporting(false)}
            onImported={() => {
              setImporting(false);
              detail.reload();
            }}
          />
        )}
      </Card>
      <Card title={t("detail.findings", { count: formatCount(d.findings.length) })}>
        <FindingsList findings={d.findings} draftId={draftId} onChanged={detail.reload} />
      </Card>
      <Card title={t("detail.ledger")}>
        <LedgerTable entries={d.ledger} />
      </Card>
    </Space>
  );
}
