import { describe, expect, it } from 'vitest';
import { registryDocument } from '../../testing/registry-document.fixture';
import { addContact, findContact, listContacts, patchContact, removeContact } from './contacts';
import { checkDocument } from './sites-document';

const withIds = () => {
  const doc = registryDocument();
  (doc['contacts'] as Record<string, unknown>[]).forEach((c, i) => (c['id'] = `c-${i}`));
  return doc;
};

describe('contact transforms', () => {
  it('adds a contact with duty hours, checked as a sites file', () => {
    const next = addContact(withIds(), 'c-new', {
      org: '610113',
      name: '夜班值班',
      phone: '+8613800000099',
      hours: [{ from: '18:00', to: '08:00' }],
    });
    expect(findContact(next, 'c-new')).toEqual({
      id: 'c-new',
      org: '610113',
      name: '夜班值班',
      phone: '+8613800000099',
      hours: [{ from: '18:00', to: '08:00' }],
    });
    expect(checkDocument(next).contacts.some((c) => c.phone === '+8613800000099')).toBe(true);
    expect(() => addContact(next, 'c-new', { org: '610113', name: 'x', phone: '+8613800000098' })).toThrow(
      /taken/,
    );
  });

  it('changes a phone, removes hours with null, and removes a contact', () => {
    const doc = withIds();
    const changed = patchContact(doc, 'c-1', { phone: '+8613900000002', hours: null });
    expect(findContact(changed, 'c-1')).toMatchObject({
      org: '610113',
      phone: '+8613900000002',
      hours: null,
    });
    expect(findContact(doc, 'c-1')?.phone).toBe('+8613800000002');
    expect(listContacts(removeContact(doc, 'c-1')).map((c) => c.id)).not.toContain('c-1');
    expect(() => patchContact(doc, 'c-x', { name: 'y' })).toThrow(/no contact c-x/);
  });
});
