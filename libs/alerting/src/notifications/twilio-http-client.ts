import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';
import type Response from 'twilio/lib/http/response';

export const DEFAULT_TWILIO_API_URL = 'https://api.twilio.com';

/**
 * The SDK's HTTP client with every request URI moved onto `baseUrl` (TWILIO_API_URL): the SDK's
 * path (`/2010-04-01/Accounts/{sid}/Messages.json` …) and query are appended to the base, which
 * may itself carry a path prefix (a proxy). `edge`/`region` cannot do this (they only rewrite
 * `*.twilio.com` host names).
 */
export class RebasedRequestClient extends twilio.RequestClient {
  private readonly base: string;

  constructor(baseUrl: string, options: RequestClient.RequestClientOptions = {}) {
    super(options);
    this.base = baseUrl.replace(/\/+$/, '');
  }

  rebase(uri: string): string {
    const u = new URL(uri);
    return `${this.base}${u.pathname}${u.search}`;
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>): Promise<Response<TData>> {
    return super.request({ ...opts, uri: this.rebase(opts.uri) });
  }
}
