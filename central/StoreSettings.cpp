// SPDX-License-Identifier: Apache-2.0
#include "central/StoreSettings.h"

#include "central/SqliteCentralStore.h"

#ifdef MADOGUCHI_HAVE_POSTGRES
#include "central/PostgresCentralStore.h"
#endif

namespace madoguchi::central {

Result<std::unique_ptr<ICentralStore>> openStore(const StoreSettings& settings) {
    switch (settings.kind) {
    case StoreSettings::Kind::Sqlite: {
        auto store = SqliteCentralStore::open(settings.databaseFile);
        if (!store) {
            return store.error();
        }
        return std::unique_ptr<ICentralStore>(std::move(*store));
    }
    case StoreSettings::Kind::Postgresql: {
#ifdef MADOGUCHI_HAVE_POSTGRES
        auto store = PostgresCentralStore::open(settings.connection);
        if (!store) {
            return store.error();
        }
        return std::unique_ptr<ICentralStore>(std::move(*store));
#else
        return Error{ErrorCode::ConfigInvalid,
                     "this build of madoguchi-central has no PostgreSQL support"};
#endif
    }
    }
    return Error{ErrorCode::Internal, "unknown store kind"};
}

} // namespace madoguchi::central
