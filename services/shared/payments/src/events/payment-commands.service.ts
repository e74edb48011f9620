import type { EventData, Tx } from '@coordina/platform';
import { Inject, Injectable } from '@nestjs/common';
import type { PagoSolicitar, ReembolsoSolicitar } from '../contracts/events';
import { PaymentLogRepository } from '../db/payment-log.repository';
import { PaymentsRepository } from '../db/payments.repository';
import { PAYMENT_PROVIDERS, type PaymentProviders } from '../providers/payment-providers.registry';
import { ChargeAttempts } from './charge-attempts.service';
import { PaymentTransitions } from './payment.transitions';

/** The two commands payments obeys: charge (pago.solicitar) and refund/void (reembolso.solicitar). */
@Injectable()
export class PaymentCommands {
  constructor(
    @Inject(PAYMENT_PROVIDERS) private readonly providers: PaymentProviders,
    private readonly payments: PaymentsRepository,
    private readonly log: PaymentLogRepository,
    private readonly transitions: PaymentTransitions,
    private readonly attempts: ChargeAttempts,
  ) {}

  /**
   * Records the payment and submits the charge once, in the command's transaction: a repeated
   * command finds the payment known and does nothing. The provider call is idempotent by
   * paymentId, so a retry after a rollback, or after a transient failure (ChargeAttempts),
   * cannot charge twice.
   */
  async charge(cmd: EventData<typeof PagoSolicitar>, tx: Tx): Promise<void> {
    const provider = this.providers.forCharge(cmd.provider);
    if (await this.payments.insertRequested(tx, cmd, provider.name)) {
      await this.log.append(tx, cmd.paymentId, 'requested', { amount: cmd.amount, currency: cmd.currency });
    }
    let p = await this.payments.lock(tx, cmd.paymentId);
    if (!p) throw new Error(`payment ${cmd.paymentId} vanished`);
    if (p.userId === null) {
      // Voided before it was requested: never charge it; announce that nothing was captured.
      p = (await this.payments.fillDetails(tx, cmd, provider.name)) ?? p;
      await this.transitions.apply(tx, p, 'failed', {
        reason: 'voided_before_charge',
        source: 'command:pago.solicitar',
      });
      return;
    }
    // A redelivered command leaves a charge alone once it was attempted (retries are ChargeAttempts').
    if (p.status !== 'PENDING' || p.providerRef !== null || p.chargeAttempts > 0) return;
    const method = cmd.paymentMethod;
    await this.attempts.attempt(tx, p, {
      paymentId: cmd.paymentId,
      amount: cmd.amount,
      currency: cmd.currency,
      ...(typeof method === 'string'
        ? { paymentMethod: method }
        : { paymentMethod: method.phone, approvalCode: method.approvalCode }),
      metadata: { reference: cmd.reference, sagaId: cmd.sagaId, userId: cmd.userId },
    });
  }

  /**
   * Refunds a captured payment, voids a pending one (a late success is then refunded), and
   * remembers a void for a payment not requested yet. Failed or finished payments: nothing.
   */
  async refund(cmd: EventData<typeof ReembolsoSolicitar>, tx: Tx): Promise<void> {
    if (await this.payments.insertVoided(tx, cmd.paymentId, this.providers.forCharge().name, cmd.reason)) {
      await this.log.append(tx, cmd.paymentId, 'voided_before_request', { reason: cmd.reason });
      return;
    }
    const p = await this.payments.lock(tx, cmd.paymentId);
    if (!p) throw new Error(`payment ${cmd.paymentId} vanished`);
    await this.transitions.apply(tx, p, 'refund_requested', {
      reason: cmd.reason,
      source: 'command:reembolso.solicitar',
    });
  }
}
