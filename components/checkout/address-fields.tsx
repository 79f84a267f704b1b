import { fieldId, type AddressPart, type AddressValues } from "./klarna-addresses";
import { TextField } from "./text-field";

interface AddressFieldsProps {
  part: AddressPart;
  values: AddressValues;
  errors: Partial<Record<string, string>>;
  needsRegion: boolean;
  onChange: (key: keyof AddressValues, value: string) => void;
}

const FIELDS: { key: keyof AddressValues; label: string; autoComplete: string; wide?: boolean }[] = [
  { key: "givenName", label: "First name", autoComplete: "given-name" },
  { key: "familyName", label: "Last name", autoComplete: "family-name" },
  { key: "streetAddress", label: "Street address", autoComplete: "address-line1", wide: true },
  { key: "postalCode", label: "Postcode", autoComplete: "postal-code" },
  { key: "city", label: "City", autoComplete: "address-level2" },
  { key: "region", label: "State", autoComplete: "address-level1" },
];

/** One address's fields, for billing or delivery; delivery labels and autocomplete tokens say so. */
export function AddressFields({ part, values, errors, needsRegion, onChange }: AddressFieldsProps) {
  const delivery = part === "shipping";
  return (
    <>
      {FIELDS.filter((field) => field.key !== "region" || needsRegion).map((field) => {
        const id = fieldId(part, field.key);
        return (
          <TextField
            key={id}
            id={id}
            label={delivery ? `Delivery ${field.label.toLowerCase()}` : field.label}
            autoComplete={delivery ? `shipping ${field.autoComplete}` : field.autoComplete}
            wide={field.wide}
            value={values[field.key]}
            error={errors[id]}
            onChange={(value) => onChange(field.key, value)}
          />
        );
      })}
    </>
  );
}
