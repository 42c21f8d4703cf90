import { CloudServerOutlined, ExperimentOutlined, PlusCircleOutlined } from "@ant-design/icons";
import { Button, Card, Typography } from "antd";
import { useState, type ReactNode } from "react";
import type { ArchiveInfo } from "../../bindings/ArchiveInfo";
import { setLang, useI18n, type MessageKey } from "../../i18n";
import DemoStart from "./DemoStart";
import NewArchiveForm from "./NewArchiveForm";
import RebuildForm from "./RebuildForm";

type Path = "new" | "rebuild" | "demo";

const PATHS: { path: Path; icon: ReactNode; title: MessageKey; hint: MessageKey }[] = [
  { path: "new", icon: <PlusCircleOutlined />, title: "wizard.new", hint: "wizard.newHint" },
  { path: "rebuild", icon: <CloudServerOutlined />, title: "wizard.rebuild", hint: "wizard.rebuildHint" },
  { path: "demo", icon: <ExperimentOutlined />, title: "wizard.demo", hint: "wizard.demoHint" },
];

/** 首次使用: a new archive (with its policies), a rebuild from backup media, or the
 *  training archive. Each ends with its admin signed in (`onDone`). */
export default function FirstRunPage({ onDone }: { onDone: (info: ArchiveInfo) => void }) {
  const { t, lang } = useI18n();
  const [path, setPath] = useState<Path | null>(null);
  const back = () => setPath(null);
  const title = path === null ? t("wizard.title") : t(PATHS.find((p) => p.path === path)!.title);

  return (
    <div className="first-run">
      <Card
        style={{ width: path === null ? 640 : 560 }}
        title={title}
        extra={
          <Button data-testid="lang-switch" size="small" onClick={() => setLang(lang === "zh" ? "en" : "zh")}>
            {t("lang.switch")}
          </Button>
        }
      >
        {path === null && (
          <>
            <Typography.Paragraph type="secondary">{t("wizard.intro")}</Typography.Paragraph>
            <div className="wizard-choices">
              {PATHS.map((p) => (
                <Card key={p.path} hoverable data-testid={`wizard-${p.path}`} onClick={() => setPath(p.path)} size="small">
                  <div className="wizard-choice">
                    <span className="wizard-choice-icon">{p.icon}</span>
                    <div>
                      <Typography.Text strong>{t(p.title)}</Typography.Text>
                      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
                        {t(p.hint)}
                      </Typography.Paragraph>
                    </div>
                  </div>
                </Card>
              ))}
            </div>
          </>
        )}
        {path === "new" && <NewArchiveForm onBack={back} onDone={onDone} />}
        {path === "rebuild" && <RebuildForm onBack={back} onDone={onDone} />}
        {path === "demo" && <DemoStart onBack={back} onDone={onDone} />}
      </Card>
    </div>
  );
}
