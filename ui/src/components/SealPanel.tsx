import { LockOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Tooltip, Typography } from "antd";
import { useState } from "react";
import type { SealOutcome } from "../bindings/SealOutcome";
import { useI18n } from "../i18n";
import { hasRole, sessionStore } from "../stores/session";
import SealModal from "./SealModal";

/** Seal area of a draft: what still blocks sealing, and the 封存 button. */
export default function SealPanel({
  draftId,
  title,
  blockers,
  onSealed,
}: {
  draftId: number;
  title: string;
  blockers: string[];
  onSealed: (outcome: SealOutcome) => void;
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  // Only a reviewer seals: anyone else sees why, instead of a refusal after the dialog.
  const reviewer = hasRole(sessionStore.use(), "reviewer");
  return (
    <Card title={t("seal.title")}>
      <Typography.Paragraph type="secondary">{t("seal.intro")}</Typography.Paragraph>
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
      <Tooltip title={reviewer ? undefined : t("seal.reviewerOnly")}>
        <Button data-testid="seal-open" type="primary" danger icon={<LockOutlined />} disabled={blockers.length > 0 || !reviewer} onClick={() => setOpen(true)}>
          {t("seal.open")}
        </Button>
      </Tooltip>
      {!reviewer && (
        <Typography.Text data-testid="seal-reviewer-only" type="secondary" style={{ marginLeft: 12 }}>
          {t("seal.reviewerOnly")}
        </Typography.Text>
      )}
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
