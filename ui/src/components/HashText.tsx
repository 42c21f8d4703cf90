import { Typography } from "antd";

/** A full digest in monospace with a copy button; a placeholder when not yet computed. */
export default function HashText({ value, placeholder, testId }: { value: string | null; placeholder: string; testId?: string }) {
  if (!value) return <Typography.Text type="secondary">{placeholder}</Typography.Text>;
  return (
    <Typography.Text data-testid={testId} className="mono" copyable>
      {value}
    </Typography.Text>
  );
}
