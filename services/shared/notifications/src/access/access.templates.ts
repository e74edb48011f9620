import type {
  AccesoSospechosoDetectado,
  CodigoAccesoEmitido,
  CuentaBloqueada,
  Locale,
  RegistroIntentado,
  RestablecimientoClaveSolicitado,
} from '@coordina/identity/contracts';
import type { EventData } from '@coordina/platform';
import type { Message } from '../domain/message';
import type { MessageFormat } from '../domain/message.format';

type F = MessageFormat;
/** The event, with its secret opened (or replaced by `REDACTED` for what is stored and listed). */
type Code = Omit<EventData<typeof CodigoAccesoEmitido>, 'sealedCode'> & { code: string };
type Reset = Omit<EventData<typeof RestablecimientoClaveSolicitado>, 'sealedLink'> & { link: string };
type Suspicious = EventData<typeof AccesoSospechosoDetectado>;
type Locked = EventData<typeof CuentaBloqueada>;
type Attempted = EventData<typeof RegistroIntentado>;

/** What stored and listed copies of an email show instead of its one-time code or reset link. */
export const REDACTED = '[redacted]';

/**
 * Access emails. Codes and reset links are secrets: those messages are email only
 * (`emailOnly`), so they never reach the in-app feed, and never in a Subject (subjects
 * show in notifications and lock screens). Names and devices are user-written: bounded and
 * on one line (`f.userText`).
 */
const es = {
  accessCode: (f: F, d: Code): Message => {
    const verify = d.purpose === 'verify_email';
    const subject = verify ? 'Tu código de verificación' : 'Tu código de acceso';
    const what = verify ? 'verificar tu correo' : 'iniciar sesión';
    const body = `Hola ${f.userText(d.name)}, tu código para ${what} es ${d.code}. Vence el ${f.when(d.expiresAt)}.\n\nSi no fuiste tú, ignora este mensaje.`;
    return { kind: 'access_code', title: subject, body, emailOnly: true, email: { subject, body } };
  },
  passwordReset: (f: F, d: Reset): Message => {
    const body = `Hola ${f.userText(d.name)}, para elegir una nueva contraseña abre este enlace:\n\n${d.link}\n\nSirve una sola vez y vence el ${f.when(d.expiresAt)}. Si no lo pediste, ignora este mensaje.`;
    const subject = 'Restablece tu contraseña';
    return { kind: 'password_reset', title: subject, body, emailOnly: true, email: { subject, body } };
  },
  suspiciousLogin: (f: F, d: Suspicious): Message => {
    const why = d.reasons.map((r) =>
      r === 'new_device' ? `un dispositivo nuevo (${f.userText(d.device)})` : `un país nuevo (${d.country ?? '?'})`,
    );
    const body = `Iniciaste sesión desde ${f.list(why)} el ${f.when(d.at)}.`;
    return {
      kind: 'suspicious_login',
      title: 'Nuevo inicio de sesión en tu cuenta',
      body,
      email: {
        subject: 'Nuevo inicio de sesión en tu cuenta',
        body: `Hola ${f.userText(d.name)}. ${body}\n\nSi no fuiste tú, cambia tu contraseña ahora.`,
      },
    };
  },
  accountLocked: (f: F, d: Locked): Message => {
    const body = `Hola ${f.userText(d.name)}, tras ${d.failures} intentos fallidos bloqueamos tu cuenta hasta el ${f.when(d.until)}.\n\nSi no fuiste tú, restablece tu contraseña.`;
    const subject = 'Tu cuenta está bloqueada temporalmente';
    return { kind: 'account_locked', title: subject, body, emailOnly: true, email: { subject, body } };
  },
  registrationAttempted: (f: F, d: Attempted): Message => {
    const body = `Hola ${f.userText(d.name)}, el ${f.when(d.at)} alguien intentó crear una cuenta con este correo, que ya tiene una.\n\nSi fuiste tú, inicia sesión o restablece tu contraseña. Si no, ignora este mensaje: tu cuenta no cambió.`;
    const subject = 'Ya tienes una cuenta con este correo';
    return { kind: 'registration_attempted', title: subject, body, emailOnly: true, email: { subject, body } };
  },
};

const en: typeof es = {
  accessCode: (f, d) => {
    const verify = d.purpose === 'verify_email';
    const subject = verify ? 'Your verification code' : 'Your sign-in code';
    const what = verify ? 'verify your email' : 'sign in';
    const body = `Hi ${f.userText(d.name)}, your code to ${what} is ${d.code}. It expires on ${f.when(d.expiresAt)}.\n\nIf this was not you, ignore this message.`;
    return { kind: 'access_code', title: subject, body, emailOnly: true, email: { subject, body } };
  },
  passwordReset: (f, d) => {
    const body = `Hi ${f.userText(d.name)}, to choose a new password open this link:\n\n${d.link}\n\nIt works once and expires on ${f.when(d.expiresAt)}. If you did not ask for it, ignore this message.`;
    const subject = 'Reset your password';
    return { kind: 'password_reset', title: subject, body, emailOnly: true, email: { subject, body } };
  },
  suspiciousLogin: (f, d) => {
    const why = d.reasons.map((r) =>
      r === 'new_device' ? `a new device (${f.userText(d.device)})` : `a new country (${d.country ?? '?'})`,
    );
    const body = `You signed in from ${f.list(why)} on ${f.when(d.at)}.`;
    return {
      kind: 'suspicious_login',
      title: 'New sign-in to your account',
      body,
      email: {
        subject: 'New sign-in to your account',
        body: `Hi ${f.userText(d.name)}. ${body}\n\nIf this was not you, change your password now.`,
      },
    };
  },
  accountLocked: (f, d) => {
    const body = `Hi ${f.userText(d.name)}, after ${d.failures} failed sign-ins we locked your account until ${f.when(d.until)}.\n\nIf this was not you, reset your password.`;
    const subject = 'Your account is temporarily locked';
    return { kind: 'account_locked', title: subject, body, emailOnly: true, email: { subject, body } };
  },
  registrationAttempted: (f, d) => {
    const body = `Hi ${f.userText(d.name)}, on ${f.when(d.at)} someone tried to create an account with this address, which already has one.\n\nIf it was you, sign in or reset your password. If not, ignore this message: your account did not change.`;
    const subject = 'You already have an account with this address';
    return { kind: 'registration_attempted', title: subject, body, emailOnly: true, email: { subject, body } };
  },
};

export const accessTemplates: Record<Locale, typeof es> = { es, en };
