// SPDX-License-Identifier: Apache-2.0
#include "devices/FidoError_p.h"

#include <fido.h>

#include <string>

namespace madoguchi::devices {

ErrorCode toDeviceError(int fidoRc) {
    switch (fidoRc) {
    case FIDO_OK:
        return ErrorCode::Internal; // a success is not an error; calling this is a bug
    case FIDO_ERR_TX:
        return ErrorCode::DeviceRemoved; // writes fail only when the key went away
    case FIDO_ERR_RX:
    case FIDO_ERR_TIMEOUT:
    case FIDO_ERR_INVALID_CHANNEL:
    case FIDO_ERR_CHANNEL_BUSY:
    case FIDO_ERR_INVALID_SEQ:
    case FIDO_ERR_INVALID_LENGTH:
    case FIDO_ERR_LOCK_REQUIRED:
    case FIDO_ERR_INVALID_PARAMETER:
    case FIDO_ERR_MISSING_PARAMETER:
    case FIDO_ERR_INVALID_CBOR:
    case FIDO_ERR_CBOR_UNEXPECTED_TYPE:
    case FIDO_ERR_REQUEST_TOO_LARGE:
    case FIDO_ERR_LIMIT_EXCEEDED:
        return ErrorCode::DeviceIo;
    case FIDO_ERR_RX_NOT_CBOR:
    case FIDO_ERR_RX_INVALID_CBOR:
    case FIDO_ERR_INVALID_PARAM:
        return ErrorCode::DeviceMalformedResponse;
    case FIDO_ERR_INVALID_SIG:
        return ErrorCode::DeviceAttestationInvalid;
    case FIDO_ERR_INVALID_ARGUMENT:
        return ErrorCode::InvalidArgument;
    case FIDO_ERR_NOTFOUND:
        return ErrorCode::DeviceNotFound;
    case FIDO_ERR_NO_CREDENTIALS:
    case FIDO_ERR_INVALID_CREDENTIAL:
        return ErrorCode::NotFound;
    case FIDO_ERR_USER_ACTION_TIMEOUT:
    case FIDO_ERR_ACTION_TIMEOUT:
        return ErrorCode::DeviceTouchTimeout;
    case FIDO_ERR_OPERATION_DENIED:
    case FIDO_ERR_NOT_ALLOWED:
    case FIDO_ERR_UP_REQUIRED:
    case FIDO_ERR_USER_PRESENCE_REQUIRED:
    case FIDO_ERR_UV_INVALID:
    case FIDO_ERR_UV_BLOCKED:
    case FIDO_ERR_UNAUTHORIZED_PERM:
        return ErrorCode::DeviceDenied;
    case FIDO_ERR_INVALID_COMMAND:
    case FIDO_ERR_UNSUPPORTED_OPTION:
    case FIDO_ERR_INVALID_OPTION:
    case FIDO_ERR_UNSUPPORTED_ALGORITHM:
    case FIDO_ERR_UNSUPPORTED_EXTENSION:
    case FIDO_ERR_KEY_STORE_FULL:
        return ErrorCode::DeviceUnsupported;
    case FIDO_ERR_KEEPALIVE_CANCEL:
        return ErrorCode::DeviceCancelled;
    case FIDO_ERR_PIN_INVALID:
    case FIDO_ERR_PIN_AUTH_INVALID:
        return ErrorCode::DevicePinInvalid;
    case FIDO_ERR_PIN_BLOCKED:
        return ErrorCode::DevicePinBlocked;
    case FIDO_ERR_PIN_AUTH_BLOCKED:
        return ErrorCode::DeviceReplugRequired;
    case FIDO_ERR_PIN_NOT_SET:
    case FIDO_ERR_PIN_REQUIRED:
    case FIDO_ERR_PIN_TOKEN_EXPIRED:
        return ErrorCode::DevicePinRequired;
    case FIDO_ERR_PIN_POLICY_VIOLATION:
        return ErrorCode::DevicePinPolicy;
    case FIDO_ERR_CREDENTIAL_EXCLUDED:
        return ErrorCode::DeviceCredentialExcluded;
    case FIDO_ERR_INTERNAL:
        return ErrorCode::Internal;
    default:
        return ErrorCode::DeviceIo;
    }
}

Error fidoError(int fidoRc, std::string_view operation) {
    return Error{toDeviceError(fidoRc), std::string(operation) + ": " + fido_strerr(fidoRc) + " (" +
                                            std::to_string(fidoRc) + ")"};
}

} // namespace madoguchi::devices
