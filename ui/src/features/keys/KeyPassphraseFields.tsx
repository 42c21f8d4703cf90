import { Form, Input } from "antd";
import { useI18n } from "../../i18n";

/** The archive's minimum key passphrase length (the core refuses shorter ones too). */
export const MIN_KEY_CHARS = 10;

/** A new key passphrase, twice, inside a form: field `name` and its repeat `againName`;
 *  the inputs' test ids are `testId` and `testId-again`. */
export default function KeyPassphraseFields({
  name,
  againName,
  testId,
  autoFocus = false,
}: {
  name: string;
  againName: string;
  testId: string;
  autoFocus?: boolean;
}) {
  const { t } = useI18n();
  return (
    <>
      <Form.Item
        name={name}
        label={t("key.passphrase")}
        extra={t("key.passphraseHint", { n: MIN_KEY_CHARS })}
        rules={[{ required: true, min: MIN_KEY_CHARS, message: t("key.passphraseHint", { n: MIN_KEY_CHARS }) }]}
      >
        <Input.Password data-testid={testId} autoComplete="new-password" autoFocus={autoFocus} />
      </Form.Item>
      <Form.Item
        name={againName}
        label={t("key.passphraseAgain")}
        dependencies={[name]}
        rules={[
          { required: true, message: t("key.passphraseAgain") },
          ({ getFieldValue }) => ({
            validator: (_, v) => (!v || v === getFieldValue(name) ? Promise.resolve() : Promise.reject(new Error(t("key.mismatch")))),
          }),
        ]}
      >
        <Input.Password data-testid={`${testId}-again`} autoComplete="new-password" />
      </Form.Item>
    </>
  );
}
