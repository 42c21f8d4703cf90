import { useState } from "react";
import { errorMessage } from "../errors";

/** A form's submit: a busy flag for the button, the failure as a readable message, and
 *  the action. With `keepBusy`, success leaves the button busy: the form is about to be
 *  replaced (signed in, archive created) and must not be sent twice meanwhile. */
export function useSubmit<V>(action: (values: V) => Promise<unknown>, keepBusy = false) {
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (values: V) => {
    setSubmitting(true);
    setError(null);
    try {
      await action(values);
      if (!keepBusy) setSubmitting(false);
    } catch (e) {
      setError(errorMessage(e));
      setSubmitting(false);
    }
  };
  return { submitting, error, submit };
}
