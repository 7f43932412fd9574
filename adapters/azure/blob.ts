import { InvalidEventError, isRecord, requireString, storageEvent, type EventAdapter, type StorageEvent } from '../../src/model/index.js'
import { azureTriggerType, triggerMetadata } from './context.js'
import { metadataString } from './messages.js'

const TRIGGER = 'azure/blob'

// The blob trigger's metadata (camel-cased by the Node.js library): BlobTrigger (the path, `container/name`),
// Uri, Properties and Metadata (https://learn.microsoft.com/azure/azure-functions/functions-bindings-storage-blob-trigger#metadata).

/** A blob property by its current SDK name or its older one (`ContentLength`/`Length`, `ETag`). */
function property(properties: Record<string, unknown>, ...names: string[]): unknown {
  for (const name of names) if (properties[name] !== undefined && properties[name] !== null) return properties[name]
  return undefined
}

function size(value: unknown): number | undefined {
  const n = typeof value === 'string' && value !== '' ? Number(value) : value
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : undefined
}

/** The container's URL (`https://<account>.blob.core.windows.net/<container>`) from the blob's, else `azure:blob/<container>`. */
function containerUrl(uri: string | undefined, container: string): string {
  const scheme = uri?.indexOf('://') ?? -1
  const slash = scheme === -1 ? -1 : uri!.indexOf('/', scheme + 3)
  return slash === -1 ? `azure:blob/${container}` : `${uri!.slice(0, slash)}/${container}`
}

/**
 * Azure Blob Storage triggers (`app.storageBlob`): the input is the blob's content, the rest is in
 * `context.triggerMetadata`. The trigger fires for new and updated blobs, so every record is `created`, with
 * Event Grid's name for it, `Microsoft.Storage.BlobCreated`. The bucket is the container.
 */
export const blob: EventAdapter<unknown> = {
  provider: 'azure',
  trigger: 'blob',
  kind: 'storage',
  matches: (_event, context) => azureTriggerType(context) === 'blobtrigger',
  toEvents(event, context) {
    const metadata = triggerMetadata(context)
    const path = requireString(TRIGGER, 'triggerMetadata.blobTrigger', metadata.blobTrigger)
    const slash = path.indexOf('/')
    if (slash <= 0 || slash === path.length - 1) throw new InvalidEventError(TRIGGER, 'triggerMetadata.blobTrigger', `must be container/name, got ${JSON.stringify(path.slice(0, 80))}`)
    const bucket = path.slice(0, slash)
    const key = path.slice(slash + 1)
    const properties = isRecord(metadata.properties) ? metadata.properties : {}
    const uri = metadataString(metadata.uri)
    const etag = metadataString(property(properties, 'eTag', 'etag'))
    const time = metadataString(property(properties, 'lastModified', 'createdOn'))
    const invocationId = (context as { invocationId: string }).invocationId
    const record: StorageEvent = storageEvent({
      provider: 'azure',
      trigger: 'blob',
      index: 0,
      raw: event,
      id: etag !== undefined ? `${path}@${etag}` : invocationId,
      source: containerUrl(uri, bucket),
      type: 'Microsoft.Storage.BlobCreated',
      time,
      bucket,
      key,
      size: size(property(properties, 'contentLength', 'length')) ?? (event instanceof Uint8Array ? event.byteLength : undefined),
      etag,
      eventName: 'Microsoft.Storage.BlobCreated',
      action: 'created',
      region: undefined,
    })
    return [record]
  },
}
