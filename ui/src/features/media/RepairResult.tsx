import { Alert, Divider, Space, Table, Typography } from "antd";
import type { ReactNode } from "react";
import type { MediumFile } from "../../bindings/MediumFile";
import type { RepairOutcome } from "../../bindings/RepairOutcome";
import { useI18n } from "../../i18n";
import { mediaOutcomeText } from "../../stores/mediaOutcome";
import ProblemsTable from "./ProblemsTable";
import { pagesOver } from "../../tables";

function Section({ title, children }: { title: ReactNode; children: ReactNode }) {
  return (
    <>
      <Divider titlePlacement="start" plain style={{ margin: "16px 0 8px" }}>
        {title}
      </Divider>
      {children}
    </>
  );
}

/** A list of paths on the medium (quarantined, removed), one per line. */
function PathLines({ paths, testId }: { paths: string[]; testId: string }) {
  return (
    <ul data-testid={testId} className="path-list">
      {paths.map((p) => (
        <li key={p} className="mono">
          {p}
        </li>
      ))}
    </ul>
  );
}

/** 修复 result: what was rewritten, quarantined, removed or left, and the verification after. */
export default function RepairResult({ outcome: o }: { outcome: RepairOutcome }) {
  const { t } = useI18n();
  const text = mediaOutcomeText(t, { kind: "repair", outcome: o });
  const after = mediaOutcomeText(t, { kind: "verify", outcome: o.after });
  return (
    <Space orientation="vertical" size={0} style={{ width: "100%" }}>
      <Alert data-testid="repair-summary" type={text.type} showIcon title={text.headline} description={text.description} />
      {o.rewritten.length > 0 && (
        <Section title={t("media.repairRewritten")}>
          <Table<MediumFile>
            data-testid="repair-rewritten"
            size="small"
            rowKey={(f) => `${f.bag}/${f.path}`}
            columns={[
              { title: t("media.problemBag"), dataIndex: "bag", width: 190, render: (v: string) => <span className="mono">{v}</span> },
              { title: t("media.problemPath"), dataIndex: "path", render: (v: string) => <span className="mono">{v}</span> },
            ]}
            dataSource={o.rewritten}
            pagination={pagesOver(o.rewritten.length)}
          />
        </Section>
      )}
      {o.quarantined.length > 0 && (
        <Section title={t("media.repairQuarantined", { folder: o.quarantine ?? "" })}>
          <PathLines testId="repair-quarantined" paths={o.quarantined} />
        </Section>
      )}
      {o.partialsRemoved.length > 0 && (
        <Section title={t("media.repairPartials")}>
          <PathLines testId="repair-partials" paths={o.partialsRemoved} />
        </Section>
      )}
      {o.unrepaired.length > 0 && (
        <Section title={<Typography.Text type="danger">{t("media.repairUnrepaired")}</Typography.Text>}>
          <ProblemsTable testId="repair-unrepaired" problems={o.unrepaired} />
        </Section>
      )}
      <Section title={t("media.repairAfter")}>
        <Alert data-testid="repair-after" type={after.type} showIcon title={after.headline} description={after.description} />
        {o.after.problems.length > 0 && (
          <div style={{ marginTop: 8 }}>
            <ProblemsTable testId="repair-after-problems" problems={o.after.problems} />
          </div>
        )}
      </Section>
    </Space>
  );
}
