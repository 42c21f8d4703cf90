import { RightOutlined } from "@ant-design/icons";
import { Badge, Card, List, Space, Typography } from "antd";
import { formatCount } from "../../format";
import { useI18n, type MessageKey } from "../../i18n";
import { navigate, type Route } from "../../router";
import { hasRole, sessionStore } from "../../stores/session";

type Todo = { key: string; label: MessageKey; count: number; to: Route };

/** 待办: what waits for this person, by their roles, each a link to where it is done.
 *  Counts only (the dashboard is sent no lists): from the overview and the backup status. */
export default function TodoCard({
  pendingApplications,
  restoresWaiting,
  drafts,
  checksDue,
  missingHandovers = null,
}: {
  pendingApplications: number | null;
  restoresWaiting: number | null;
  drafts: number | null;
  checksDue: number | null;
  missingHandovers?: number | null;
}) {
  const { t } = useI18n();
  const session = sessionStore.use();
  const reviewer = hasRole(session, "reviewer", "admin");
  const sealer = hasRole(session, "reviewer");
  const clerk = hasRole(session, "clerk");
  const todos: Todo[] = [];
  if (reviewer && pendingApplications) todos.push({ key: "applications", label: "todo.applications", count: pendingApplications, to: { name: "approvals" } });
  if (sealer && drafts) todos.push({ key: "drafts", label: "todo.drafts", count: drafts, to: { name: "registrations" } });
  if (clerk && restoresWaiting) todos.push({ key: "restores", label: "todo.restores", count: restoresWaiting, to: { name: "approvals" } });
  if (clerk && checksDue) todos.push({ key: "checks", label: "todo.checksDue", count: checksDue, to: { name: "media" } });
  if (clerk && missingHandovers) todos.push({ key: "handovers", label: "todo.handovers", count: missingHandovers, to: { name: "series" } });

  return (
    <Card data-testid="todo-card" title={t("todo.title")}>
      {todos.length === 0 ? (
        <Typography.Text type="secondary">{t("todo.none")}</Typography.Text>
      ) : (
        <List
          size="small"
          dataSource={todos}
          renderItem={(todo) => (
            <List.Item
              data-testid={`todo-${todo.key}`}
              style={{ cursor: "pointer" }}
              onClick={() => navigate(todo.to)}
              actions={[<RightOutlined key="go" />]}
            >
              <Space>
                <Badge count={formatCount(todo.count)} color="#fa8c16" />
                {t(todo.label)}
              </Space>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
