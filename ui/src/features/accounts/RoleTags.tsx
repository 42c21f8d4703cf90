import { Tag } from "antd";
import type { Role } from "../../bindings/Role";
import { useI18n } from "../../i18n";
import { roleLabel } from "../../labels";

const COLORS: Record<Role, string> = { admin: "red", clerk: "blue", reviewer: "green" };

export default function RoleTags({ roles }: { roles: Role[] }) {
  const { t } = useI18n();
  return (
    <>
      {roles.map((r) => (
        <Tag key={r} color={COLORS[r]}>
          {roleLabel(t, r)}
        </Tag>
      ))}
    </>
  );
}
