import type { DeviceKind, LocationUse, PlaceView, RiskGrade } from '@campus/api-contract';
import type { DeviceCreateBody, DevicePatchBody, DeviceProtocol, RegistryDevice } from '../../api/registry';

/** The add/edit form of the 设备管理 screen: plain strings as the inputs hold them. */
export interface DeviceForm {
  id: string;
  kind: DeviceKind | '';
  protocol: DeviceProtocol;
  building: string;
  floor: string;
  room: string;
  use: LocationUse | '';
  risk: RiskGrade | '';
  /** Behind a bridge: the bridge's device id and the device's name on it. */
  bridge: string;
  bridgeName: string;
}

export const emptyDeviceForm = (): DeviceForm => ({
  id: '',
  kind: '',
  protocol: 'native',
  building: '',
  floor: '',
  room: '',
  use: '',
  risk: '',
  bridge: '',
  bridgeName: '',
});

/** The protocol a kind speaks unless told otherwise (bridges and fire-alarm panels have their own). */
export function protocolForKind(kind: DeviceKind | ''): DeviceProtocol {
  if (kind === 'zigbee_bridge') return 'zigbee2mqtt';
  if (kind === 'nvr') return 'frigate';
  if (kind === 'fire_alarm_panel') return 'gb26875';
  return 'native';
}

/** Problems of the form, as message keys under `registry.form.problem` (empty: it can be sent). */
export function formProblems(form: DeviceForm, adding: boolean): string[] {
  const out: string[] = [];
  if (adding && !/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/.test(form.id.trim())) out.push('id');
  if (form.kind === '') out.push('kind');
  if (form.floor.trim() !== '' && !/^-?\d{1,3}$/.test(form.floor.trim())) out.push('floor');
  if ((form.bridge.trim() === '') !== (form.bridgeName.trim() === '')) out.push('bridge');
  return out;
}

function locationOf(form: DeviceForm): DeviceCreateBody['location'] | undefined {
  const loc = {
    ...(form.building.trim() ? { building: form.building.trim() } : {}),
    ...(form.floor.trim() ? { floor: Number(form.floor.trim()) } : {}),
    ...(form.room.trim() ? { room: form.room.trim() } : {}),
    ...(form.use ? { use: form.use } : {}),
  };
  return Object.keys(loc).length === 0 ? undefined : loc;
}

/** The body of `POST /api/devices` (call only when `formProblems` is empty). */
export function createBodyOf(form: DeviceForm, school: string): DeviceCreateBody {
  const location = locationOf(form);
  return {
    school,
    id: form.id.trim(),
    kind: form.kind as DeviceKind,
    ...(form.protocol !== 'native' ? { protocol: form.protocol } : {}),
    ...(location ? { location } : {}),
    ...(form.risk ? { risk: form.risk } : {}),
    ...(form.bridge.trim() ? { via: { bridge: form.bridge.trim(), name: form.bridgeName.trim() } } : {}),
  };
}

/** The body of `PATCH /api/devices/{id}`: every field the form holds (null clears one). */
export function patchBodyOf(form: DeviceForm): DevicePatchBody {
  return {
    kind: form.kind as DeviceKind,
    location: locationOf(form) ?? null,
    risk: form.risk || null,
    via: form.bridge.trim() ? { bridge: form.bridge.trim(), name: form.bridgeName.trim() } : null,
  };
}

/** The form filled with a device, to edit it. */
export function formOf(d: RegistryDevice): DeviceForm {
  return {
    id: d.id,
    kind: d.kind,
    protocol: d.protocol,
    building: d.location?.building ?? '',
    floor: d.location?.floor === undefined ? '' : String(d.location.floor),
    room: d.location?.room ?? '',
    use: d.location?.use ?? '',
    risk: d.risk ?? '',
    bridge: d.via?.bridge ?? '',
    bridgeName: d.via?.name ?? '',
  };
}

/** The QR code's SVG as an image source (never inserted as markup). */
export const svgDataUrl = (svg: string): string =>
  `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;

/** A template of the import file, its header and one example row. */
export const IMPORT_TEMPLATE =
  'id,kind,protocol,building,floor,room,use,risk,bridge,name\nsmk-1-101,smoke_detector,,教学楼,1,101,classroom,yellow,,\n';

/** A registry location as the shared place labels take it (absent parts as null). */
export function placeOf(loc: RegistryDevice['location']): PlaceView | null {
  return loc === null
    ? null
    : {
        building: loc.building ?? null,
        floor: loc.floor ?? null,
        room: loc.room ?? null,
        use: loc.use ?? null,
      };
}
