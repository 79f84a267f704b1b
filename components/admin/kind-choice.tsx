/** A settings form's "kind" radio group; the fields of the checked kind show (see .settings-form in admin.css). */
export function KindChoice<Kind extends string>(props: {
  legend: string;
  options: readonly (readonly [Kind, string])[];
  checked: Kind;
  error?: string;
}) {
  return (
    <fieldset className="choice">
      <legend className="field__label">{props.legend}</legend>
      <div className="choice__options">
        {props.options.map(([option, label]) => (
          <label key={option} className="choice__option">
            <input type="radio" name="kind" value={option} defaultChecked={props.checked === option} />
            <span>{label}</span>
          </label>
        ))}
      </div>
      {props.error && <span className="field__error">{props.error}</span>}
    </fieldset>
  );
}
