import { Table, Tag, type TableColumnsType } from "antd";
import type { MediumProblem } from "../../bindings/MediumProblem";
import { useI18n } from "../../i18n";
import { pagesOver } from "../../tables";

/** Problems on a medium, by bag and path: what a verification found or a repair left. */
export default function ProblemsTable({ problems, testId }: { problems: MediumProblem[]; testId: string }) {
  const { t } = useI18n();
  const columns: TableColumnsType<MediumProblem> = [
    { title: t("media.problemBag"), dataIndex: "bag", width: 190, render: (v: string) => <span className="mono">{v}</span> },
    { title: t("media.problemPath"), dataIndex: "path", render: (v: string) => <span className="mono">{v || t("media.wholeBag")}</span> },
    {
      title: t("media.problem"),
      dataIndex: "kind",
      width: 300,
      render: (k: MediumProblem["kind"], p) => (
        <>
          <Tag color="error">{t(`media.problem.${k}`)}</Tag>
          {p.detail}
        </>
      ),
    },
  ];
  return (
    <Table
      data-testid={testId}
      size="small"
      rowKey={(p) => `${p.bag}/${p.path}/${p.kind}`}
      columns={columns}
      dataSource={problems}
      pagination={pagesOver(problems.length)}
    />
  );
}
