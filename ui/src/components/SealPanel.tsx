import { LockOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Space, Tooltip, Typography } from "antd";
import { useState } from "react";
import { listChecks } from "../api";
import type { SealOutcome } from "../bindings/SealOutcome";
import { formatCount, formatDateTime } from "../format";
import { useLoad } from "../hooks/useLoad";
import { useI18n } from "../i18n";
import { checkJob } from "../stores/checkJob";
import { hasRole, sessionStore } from "../stores/session";
import SealModal from "./SealModal";

/** The latest four-property check of the draft, in one line, read again when a check ends. */
function LatestCheck({ draftId }: { draftId: number }) {
  const { t } = useI18n();
  const job = checkJob.use();
  const ended = job?.registrationId === draftId && job.status === "done" ? job.jobId : null;
  const checks = useLoad(() => listChecks(draftId), [draftId, ended]);
  if (!checks.data) return null;
  const latest = checks.data.at(-1);
  if (!latest) return <Alert data-testid="seal-check" type="info" showIcon title={t("seal.checkNone")} style={{ marginBottom: 16 }} />;
  const s = latest.summary;
  const errors = s.authenticity.error + s.integrity.error + s.usability.error + s.security.error;
  const when = { at: formatDateTime(latest.at), operator: latest.operator };
  return (
    <Alert
      data-testid="seal-check"
      type={latest.passed ? "success" : "warning"}
      showIcon
      style={{ marginBottom: 16 }}
      title={latest.passed ? t("seal.checkPassed", when) : t("seal.checkErrors", { ...when, n: formatCount(errors) })}
    />
  );
}

/** Seal area of a draft: the latest four-property check, what still blocks sealing, and the
 *  封存 button, which says why when this person may not seal. */
export default function SealPanel({
  draftId,
  title,
  blockers,
  preparers,
  onSealed,
}: {
  draftId: number;
  title: string;
  blockers: string[];
  preparers: string[];
  onSealed: (outcome: SealOutcome) => void;
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const session = sessionStore.use();
  // Only a reviewer seals, and under 双人封存 not one who prepared the draft: anyone else
  // sees why, instead of a refusal after the dialog.
  const why = !hasRole(session, "reviewer")
    ? t("seal.reviewerOnly")
    : session?.fourEyes && preparers.includes(session.name)
      ? t("seal.fourEyes")
      : null;
  return (
    <Card title={t("seal.title")}>
      <Typography.Paragraph type="secondary">{t("seal.intro")}</Typography.Paragraph>
      <LatestCheck draftId={draftId} />
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
