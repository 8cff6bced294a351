module github.com/libextapi/extapi-go

go 1.19
