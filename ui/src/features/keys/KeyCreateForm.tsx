import { Alert, Button, Form, Typography } from "antd";
import { createKey } from "../../api";
import { useSubmit } from "../../hooks/useSubmit";
import { useI18n } from "../../i18n";
import KeyPassphraseFields from "./KeyPassphraseFields";

/** The passphrase, twice, that makes the archive's first key (admin); it stays unlocked
 *  until sign-out. Used on the settings page and in the sign-in prompt. */
export default function KeyCreateForm({ onCreated, autoFocus = false }: { onCreated: () => void; autoFocus?: boolean }) {
  const { t } = useI18n();
  const { submitting, error, submit } = useSubmit(async ({ passphrase }: { passphrase: string }) => {
    await createKey(passphrase);
    onCreated();
  });

  return (
    <Form layout="vertical" onFinish={submit} requiredMark={false}>
      <Typography.Paragraph>{t("key.createIntro")}</Typography.Paragraph>
      <KeyPassphraseFields name="passphrase" againName="again" testId="key-new-passphrase" autoFocus={autoFocus} />
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Button data-testid="key-create" type="primary" htmlType="submit" loading={submitting}>
        {t("key.create")}
      </Button>
    </Form>
  );
}
