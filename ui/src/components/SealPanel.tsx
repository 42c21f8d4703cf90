import { LockOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Typography } from "antd";
import { useState } from "react";
import type { SealOutcome } from "../bindings/SealOutcome";
import { useI18n } from "../i18n";
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
      <Button data-testid="seal-open" type="primary" danger icon={<LockOutlined />} disabled={blockers.length > 0} onClick={() => setOpen(true)}>
        {t("seal.open")}
      </Button>
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
