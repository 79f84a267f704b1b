import type { SelectableLine } from "@/lib/admin/order-ledger";

/**
 * The order's lines with a quantity field each (`qty:<key>`). Quantities are not limited by the browser: the server
 * checks them against Klarna's order and says what is wrong.
 */
export function LinePicker(props: {
  lines: SelectableLine[];
  verb: "Capture" | "Refund";
  doneLabel: string;
  defaults: (line: SelectableLine) => number;
  values: Record<string, string> | undefined;
  format: (minorUnits: number) => string;
  /** What to show instead of a field when nothing of the line can be picked; `done` when that is the good news. */
  nothingLeft: (line: SelectableLine) => { label: string; done: boolean };
}) {
  return (
    <table className="admin-table stacked-table line-picker">
      <thead>
        <tr>
          <th scope="col">Item</th>
          <th scope="col" className="num">
            Ordered
          </th>
          <th scope="col" className="num">
            {props.doneLabel}
          </th>
          <th scope="col" className="num">
            Unit price
          </th>
          <th scope="col" className="num">
            {props.verb}
          </th>
        </tr>
      </thead>
      <tbody>
        {props.lines.map((line) => {
          const name = `qty:${line.key}`;
          return (
            <tr key={line.key}>
              <td className="stacked-table__title">
                <span className="admin-table__primary">{line.name}</span>
                {line.reference && <span className="admin-table__secondary mono">{line.reference}</span>}
              </td>
              <td data-label="Ordered" className="num">
                {line.ordered}
              </td>
              <td data-label={props.doneLabel} className="num">
                {line.done}
              </td>
              <td data-label="Unit price" className="num phone-hidden">
                {props.format(line.unitPrice)}
              </td>
              <td data-label={props.verb} className="num">
                {line.available > 0 ? (
                  <input
                    type="number"
                    inputMode="numeric"
                    name={name}
                    min={0}
                    max={line.available}
                    step={1}
                    defaultValue={props.values?.[name] ?? String(props.defaults(line))}
                    aria-label={`${props.verb} quantity of ${line.name}`}
                    className="field__input qty-input"
                  />
                ) : (
                  <NothingLeft {...props.nothingLeft(line)} />
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function NothingLeft({ label, done }: { label: string; done: boolean }) {
  return <span className={done ? "qty-done" : "qty-done qty-done--none"}>{label}</span>;
}

/** What the picked quantities come to, from the exact amounts the server computed per quantity. */
export function pickedTotal(lines: readonly SelectableLine[], quantityOf: (name: string) => string | undefined): number | null {
  let total = 0;
  for (const line of lines) {
    const raw = quantityOf(`qty:${line.key}`);
    const quantity = raw === undefined || raw.trim() === "" ? 0 : Number(raw);
    if (!Number.isInteger(quantity) || quantity < 0 || quantity > line.available) return null;
    total += line.amounts[quantity] ?? 0;
  }
  return total;
}
