import { CheckCircleTwoTone, ClockCircleOutlined } from "@ant-design/icons";
import { App, Button, Card, List, Space, Typography } from "antd";
import { setUserRoles } from "../../api";
import type { Setup } from "../../bindings/Setup";
import { useI18n, type MessageKey } from "../../i18n";
import { errorMessage } from "../../errors";
import { navigate, type Route } from "../../router";
import { refreshSession, sessionStore } from "../../stores/session";

type Step = { key: string; label: MessageKey; done: boolean; to: Route; action: MessageKey };

/** 开始使用: what a new archive's admin still has to set up before the desk can work —
 *  accounts for a clerk and a reviewer, the archive key, a backup medium. Shown on the
 *  dashboard to admins until every step is done. */
export default function FirstStepsCard({ setup, onChanged }: { setup: Setup; onChanged: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const session = sessionStore.use();
  // A one-person desk: the admin takes the clerk role too (a ledger entry like any change).
  const becomeClerk = async () => {
    if (!session) return;
    try {
      await setUserRoles(session.name, [...session.roles, "clerk"]);
      await refreshSession();
      onChanged();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  const steps: Step[] = [
    { key: "clerk", label: "firstSteps.clerk", done: setup.clerk, to: { name: "users" }, action: "firstSteps.toUsers" },
    { key: "reviewer", label: "firstSteps.reviewer", done: setup.reviewer, to: { name: "users" }, action: "firstSteps.toUsers" },
    { key: "key", label: "firstSteps.key", done: setup.key, to: { name: "settings" }, action: "firstSteps.toSettings" },
    { key: "medium", label: "firstSteps.medium", done: setup.medium, to: { name: "media" }, action: "firstSteps.toMedia" },
  ];
  if (steps.every((s) => s.done)) return null;

  return (
    <Card data-testid="first-steps" title={t("firstSteps.title")}>
      <Typography.Paragraph type="secondary">{t("firstSteps.intro")}</Typography.Paragraph>
      <List
        size="small"
        dataSource={steps}
        renderItem={(s) => (
          <List.Item
            data-testid={`first-step-${s.key}`}
            data-done={String(s.done)}
            actions={
              s.done
                ? []
                : [
                    ...(s.key === "clerk"
                      ? [
                          <Button key="self" data-testid="first-step-self-clerk" size="small" onClick={() => void becomeClerk()}>
                            {t("firstSteps.selfClerk")}
                          </Button>,
                        ]
                      : []),
                    <Button key="go" size="small" onClick={() => navigate(s.to)}>
                      {t(s.action)}
                    </Button>,
                  ]
            }
          >
            <Space>
              {s.done ? <CheckCircleTwoTone twoToneColor="#52c41a" /> : <ClockCircleOutlined />}
              <Typography.Text delete={s.done} type={s.done ? "secondary" : undefined}>
                {t(s.label)}
              </Typography.Text>
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}
