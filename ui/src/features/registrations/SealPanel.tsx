import { LockOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Space, Tooltip, Typography } from "antd";
import { useState } from "react";
import { checkErrors } from "../../api";
import type { CheckError } from "../../bindings/CheckError";
import type { SealOutcome } from "../../bindings/SealOutcome";
import { formatCount } from "../../format";
import { useLoad } from "../../hooks/useLoad";
import { useI18n } from "../../i18n";
import { checkJob } from "../../stores/checkJob";
import { hasRole, sessionStore } from "../../stores/session";
import CheckErrorsList from "./CheckErrorsList";
import SealModal from "./SealModal";

/** The error findings of the draft's current content, read again when a check ends, when
 *  the draft changes (`version`) and after an acceptance. Not for an account that may not
 *  look (an admin alone). */
function useCheckErrors(draftId: number, version: unknown) {
  const session = sessionStore.use();
  const job = checkJob.use();
  const ended = job?.registrationId === draftId && job.status === "done" ? job.jobId : null;
  const allowed = hasRole(session, "clerk", "reviewer");
  return useLoad<CheckError[]>(() => (allowed ? checkErrors(draftId) : Promise.resolve([])), [draftId, ended, version, allowed]);
}

/** Seal area of a draft: the latest four-property check, the errors of its current content
 *  the seal waits on (a reviewer accepts them here), what else blocks sealing, and the 封存
 *  button, which says why when this person may not seal. */
export default function SealPanel({
  draftId,
  title,
  blockers,
  preparers,
  version,
  onSealed,
}: {
  draftId: number;
  title: string;
  blockers: string[];
  preparers: string[];
  /** Changes whenever the draft was read again (files or metadata may have changed). */
  version: unknown;
  onSealed: (outcome: SealOutcome) => void;
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const session = sessionStore.use();
  const errors = useCheckErrors(draftId, version);
  const openErrors = errors.data?.filter((e) => e.accepted === null).length ?? 0;
  const preparer = Boolean(session?.fourEyes && preparers.includes(session.name));
  // Only a reviewer seals, and under 双人封存 not one who prepared the draft: anyone else
  // sees why, instead of a refusal after the dialog. The same holds for accepting errors.
  const why = !hasRole(session, "reviewer")
    ? t("seal.reviewerOnly")
    : preparer
      ? t("seal.fourEyes")
      : openErrors > 0
        ? t("sealCheck.why", { n: formatCount(openErrors) })
        : null;
  return (
    <Card title={t("seal.title")}>
      <Typography.Paragraph type="secondary">{t("seal.intro")}</Typography.Paragraph>
      {errors.data?.length === 0 && <Alert data-testid="seal-check" type="success" showIcon title={t("sealCheck.clean")} style={{ marginBottom: 16 }} />}
      {errors.error && <Alert type="error" showIcon title={errors.error} style={{ marginBottom: 16 }} />}
      {errors.data && (
        <CheckErrorsList draftId={draftId} errors={errors.data} canAccept={hasRole(session, "reviewer") && !preparer} onAccepted={errors.reload} />
      )}
      {blockers.length > 0 && (
        <Alert
          data-testid="seal-blockers"
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t("seal.blockers")}
          description={
            <ul style={{ margin: 0, paddingLeft: 20 }}>
              {blockers.map((b) => (
                <li key={b}>{b}</li>
              ))}
            </ul>
          }
        />
      )}
      <Space>
        <Tooltip title={why ?? undefined}>
          <Button data-testid="seal-open" type="primary" danger icon={<LockOutlined />} disabled={blockers.length > 0 || why !== null} onClick={() => setOpen(true)}>
            {t("seal.open")}
          </Button>
        </Tooltip>
        {why && (
          <Typography.Text data-testid="seal-why-not" type="secondary">
            {why}
          </Typography.Text>
        )}
      </Space>
      <SealModal
        open={open}
        draftId={draftId}
        title={title}
        onClose={() => setOpen(false)}
        onSealed={(o) => {
          setOpen(false);
          onSealed(o);
        }}
      />
    </Card>
  );
}
