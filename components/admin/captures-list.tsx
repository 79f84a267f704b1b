import { randomUUID } from "node:crypto";
import { formatKlarnaDateTime } from "@/lib/admin/format";
import { SHIPPING_METHOD_LABELS } from "@/lib/admin/shipping-info";
import type { Capture, Refund, ShippingInfoRead } from "@/lib/klarna";
import { AddTrackingForm } from "./add-tracking-form";

function TrackingNumber({ number, uri }: { number: string | undefined; uri: string | undefined }) {
  if (!number) return null;
  // Only web links become links: the address came from a form and is shown to whoever opens the order.
  return uri && /^https?:\/\//i.test(uri) ? (
    <a href={uri} target="_blank" rel="noreferrer noopener">
      {number}
    </a>
  ) : (
    <>{number}</>
  );
}

function Tracking({ info }: { info: ShippingInfoRead }) {
  const method = info.shipping_method as keyof typeof SHIPPING_METHOD_LABELS | undefined;
  const outbound = info.shipping_company || method || info.tracking_number || info.tracking_uri;
  const inbound = info.return_shipping_company || info.return_tracking_number || info.return_tracking_uri;
  return (
    <p className="tracking">
      {outbound && (
        <span className="tracking__leg">
          <strong>{info.shipping_company ?? "Shipment"}</strong>
          {method && ` · ${SHIPPING_METHOD_LABELS[method] ?? method}`}
          {info.tracking_number && " · "}
          <TrackingNumber number={info.tracking_number} uri={info.tracking_uri} />
        </span>
      )}
      {inbound && (
        <span className="tracking__leg">
          <strong>Return:</strong> {info.return_shipping_company}
          {info.return_shipping_company && info.return_tracking_number && " · "}
          <TrackingNumber number={info.return_tracking_number} uri={info.return_tracking_uri} />
        </span>
      )}
    </p>
  );
}

export function CapturesList(props: { klarnaOrderId: string; captures: Capture[]; format: (minorUnits: number) => string }) {
  if (props.captures.length === 0) return <p className="muted">Nothing captured yet.</p>;
  return (
    <div>
      {props.captures.map((capture) => (
        <article key={capture.capture_id} className="capture" data-testid="capture">
          <div className="capture__head">
            <span>
              <span className="capture__amount">{props.format(capture.captured_amount)}</span>
              {capture.captured_at && <span className="muted"> · {formatKlarnaDateTime(capture.captured_at)}</span>}
            </span>
            <span className="mono muted">{capture.capture_id}</span>
          </div>
          {capture.order_lines && capture.order_lines.length > 0 && (
            <ul className="capture__lines">
              {capture.order_lines.map((line, index) => (
                <li key={`${line.reference ?? line.name}-${index}`}>
                  {line.quantity} × {line.name} · {props.format(line.total_amount)}
                </li>
              ))}
            </ul>
          )}
          {(capture.shipping_info ?? []).map((info, index) => (
            <Tracking key={index} info={info} />
          ))}
          <details>
            <summary>Add tracking</summary>
            <AddTrackingForm klarnaOrderId={props.klarnaOrderId} captureId={capture.capture_id} idempotencyKey={randomUUID()} />
          </details>
        </article>
      ))}
    </div>
  );
}

export function RefundsList({ refunds, format }: { refunds: Refund[]; format: (minorUnits: number) => string }) {
  if (refunds.length === 0) return null;
  return (
    <div className="refunds">
      <h3 className="refunds__title">Refunds made</h3>
      {refunds.map((refund) => (
        <article key={refund.refund_id} className="capture" data-testid="refund">
          <div className="capture__head">
            <span>
              <span className="capture__amount">{format(refund.refunded_amount)}</span>
              {refund.refunded_at && <span className="muted"> · {formatKlarnaDateTime(refund.refunded_at)}</span>}
            </span>
            <span className="mono muted">{refund.refund_id}</span>
          </div>
          {refund.order_lines && refund.order_lines.length > 0 && (
            <ul className="capture__lines">
              {refund.order_lines.map((line, index) => (
                <li key={`${line.reference ?? line.name}-${index}`}>
                  {line.quantity} × {line.name} · {format(line.total_amount)}
                </li>
              ))}
            </ul>
          )}
        </article>
      ))}
    </div>
  );
}
