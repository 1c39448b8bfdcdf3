import { BadRequestException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { ContactCreateBody, ContactPatchBody, RegistryContact } from '@campus/api-contract';
import { AUDIT_SINK, type AuditSink } from '../../audit/audit-sink';
import type { AuditAction } from '../../domain/audit';
import type { AuthUser } from '../../auth/auth-user';
import { ScopePolicyService } from '../../auth/scope-policy.service';
import { REGISTRY_STORE } from '../../di/tokens';
import { newContactId } from '../registry-prepare';
import { RegistryValidationError, type RegistryStore, type SitesDocument } from '../registry-store';
import { actorOf } from '../devices/registry-devices.service';
import { addContact, findContact, listContacts, patchContact, removeContact } from '../transforms/contacts';

const NOT_FOUND = 'no such contact in your scope';

/**
 * Contacts — who is paged for an org unit, and at which hours (docs/registry.md). A change reaches
 * the next escalation step of every alert. Each change is one `registry.mutate` and one audit
 * entry (names the contact and its org, never the phone number).
 */
@Injectable()
export class ContactsService {
  constructor(
    @Inject(REGISTRY_STORE) private readonly registry: RegistryStore,
    @Inject(ScopePolicyService) private readonly scope: ScopePolicyService,
    @Inject(AUDIT_SINK) private readonly audit: AuditSink,
  ) {}

  private async document(): Promise<SitesDocument> {
    const { document } = await this.registry.read();
    if (document === undefined)
      throw new NotFoundException('the registry is empty: seed it from a sites file first');
    return document;
  }

  private visible(user: AuthUser, doc: SitesDocument, id: string): RegistryContact {
    const contact = findContact(doc, id);
    if (contact === undefined || !this.scope.isUnitVisible(user, contact.org))
      throw new NotFoundException(NOT_FOUND);
    return contact;
  }

  private async mutate(user: AuthUser, reason: string, change: (doc: SitesDocument) => SitesDocument) {
    try {
      return await this.registry.mutate(actorOf(user), reason, change);
    } catch (e) {
      if (e instanceof RegistryValidationError) throw new BadRequestException(`refused: ${e.message}`);
      throw e;
    }
  }

  private async record(
    user: AuthUser,
    action: AuditAction,
    c: RegistryContact,
    detail: Record<string, unknown>,
  ) {
    await this.audit.record({ action, actor: user.username, target: `contact:${c.id}`, org: c.org, detail });
  }

  /** The contacts of `org` and the units below it (default: the user's unit). */
  async list(user: AuthUser, org: string | undefined): Promise<RegistryContact[]> {
    const unit = org ?? user.org;
    this.scope.assertUnitVisible(user, unit, 'no such org unit in your scope');
    const doc = await this.document();
    const inUnit = this.scope.scopeOf({ ...user, org: unit });
    return listContacts(doc).filter((c) => inUnit?.containsUnit(c.org) ?? false);
  }

  async create(user: AuthUser, body: ContactCreateBody): Promise<RegistryContact> {
    this.scope.assertUnitVisible(user, body.org, 'no such org unit in your scope');
    const id = newContactId();
    const commit = await this.mutate(user, `add contact ${body.name} of ${body.org}`, (d) =>
      addContact(d, id, body),
    );
    const contact = findContact(await this.document(), id);
    if (contact === undefined) throw new Error(`contact ${id} was not written`);
    await this.record(user, 'registry.contact_add', contact, { name: contact.name, version: commit.version });
    return contact;
  }

  async update(user: AuthUser, id: string, patch: ContactPatchBody): Promise<RegistryContact> {
    const before = this.visible(user, await this.document(), id);
    const commit = await this.mutate(user, `change contact ${id}`, (d) => patchContact(d, id, patch));
    const after = findContact(await this.document(), id) ?? before;
    await this.record(user, 'registry.contact_update', after, {
      fields: Object.keys(patch),
      version: commit.version,
    });
    return after;
  }

  async remove(user: AuthUser, id: string): Promise<void> {
    const contact = this.visible(user, await this.document(), id);
    const commit = await this.mutate(user, `remove contact ${id}`, (d) => removeContact(d, id));
    await this.record(user, 'registry.contact_remove', contact, {
      name: contact.name,
      version: commit.version,
    });
  }
}
